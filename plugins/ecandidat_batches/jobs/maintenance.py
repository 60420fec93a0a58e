"""BATCH_APP_EN_MAINT and BATCH_APP_EN_SERVICE: switch eCandidat's maintenance mode.

eCandidat reads ``parametre.TECH_IS_MAINTENANCE`` ("O"/"N") from a cache that never expires, so the
change is announced to running nodes through ``load_balancing_reload('param')``, which candidat
nodes poll; the run then waits for them and says which took it (:mod:`ecandidat_batches.db.nodes`).
Back-office and single-server deployments only see it after a cache reload or a restart (eCandidat's
own limit): the summary says so rather than claim the application is in maintenance.

Differences from eCandidat: a missing parameter row is an error (eCandidat silently does nothing),
and the reload row is written in the same transaction as the parameter, only when the value changes,
so a second run is a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import nodes, parametre, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.jobs import Job
from ecandidat_batches.summary import Summary

PARAM = "TECH_IS_MAINTENANCE"


def run(
    conn: Connection, *, enabled: bool, code: str, clock: Callable[[], dt.datetime] = paris_now
) -> Summary:
    """Set maintenance on (``enabled``) or off and return the run's summary.

    :raises parametre.ParametreManquantError: the parameter row does not exist.
    """
    summary = Summary(code, clock)
    wanted = "O" if enabled else "N"
    state = "en maintenance" if enabled else "en service"
    with transaction(conn) as cur:
        row = sqlfiles.execute(cur, "maintenance/lock_parametre.sql", {"cod_param": PARAM}).fetchone()
        if row is None:
            raise parametre.ParametreManquantError(
                f"Le paramètre {PARAM} est absent de la table parametre : impossible de mettre l'application "
                f"{state}. Recréez-le (nomenclature eCandidat) puis relancez le batch."
            )
        current = row[0]
        if current == wanted:
            summary.add(f"L'application est déjà {state} ({PARAM} = {wanted}) : aucune modification")
            summary.count("modifie", 0)
            return summary
        now = wall_clock(clock())
        sqlfiles.execute(cur, "maintenance/set_parametre.sql", {"cod_param": PARAM, "val_param": wanted})
        request = nodes.request_reload(cur, "param", now)
    asked = "Maintenance demandée" if enabled else "Remise en service demandée"
    summary.add(f"{asked} : {PARAM} : {current} -> {wanted}")
    summary.count("modifie", 1)
    nodes.report(conn, request, summary)
    return summary


JOB = Job(
    run=run,
    sql=("maintenance/lock_parametre.sql", "maintenance/set_parametre.sql", *nodes.SQL),
    resources=("conn",),
)
