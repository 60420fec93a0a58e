"""BATCH_DEMO ("Mise à zéro de l'application"): reset the application database to the demo dataset.

It empties every application table and reloads the nomenclature and the demo data, in one
transaction: a failure half way keeps the previous data. Because it destroys everything, it refuses
to run unless ``[ecandidat] demo_mode`` is explicitly on (eCandidat only registers it in demo mode).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.files.stores import FileStore
from ecandidat_batches.jobs import Job
from ecandidat_batches.summary import Summary


class DemoModeDisabledError(RuntimeError):
    """BATCH_DEMO was launched on a database that is not a demo one."""


_DATE = re.compile(r"%\((jour|instant|fin_jour)_([mp])(\d+)\)s")


def dates(text: str, now: dt.datetime) -> dict[str, Any]:
    """The values of the dated parameters a demo file names, relative to ``now`` (Paris wall-clock).

    ``jour_m<N>``/``jour_p<N>``: today minus/plus N days; ``instant_m<N>``: now minus N days;
    ``fin_jour_m<N>``/``fin_jour_p<N>``: that day at 23:00. So the dataset reads the same on any day,
    in both dialects, whatever the database session's time zone.
    """
    values: dict[str, Any] = {"now": now}
    for kind, sign, number in _DATE.findall(text):
        offset = dt.timedelta(days=int(number) * (-1 if sign == "m" else 1))
        name = f"{kind}_{sign}{number}"
        if kind == "jour":
            values[name] = (now + offset).date()
        elif kind == "instant":
            values[name] = now + offset
        else:
            values[name] = dt.datetime.combine((now + offset).date(), dt.time(23, 0))
    return values


def run(
    conn: Connection,
    *,
    code: str,
    store: FileStore | None,
    demo_mode: bool | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Reset the database (and the file store, if given) to the demo dataset; return the summary.

    :param demo_mode: whether this is a demo database; by default ``[ecandidat] demo_mode``.
    """
    if demo_mode is None:
        demo_mode = settings.demo_mode()
    if not demo_mode:
        raise DemoModeDisabledError(
            "BATCH_DEMO refuse de s'exécuter : le mode démo n'est pas activé. Ce batch efface toute "
            "la base eCandidat ; activez-le seulement sur une base de démonstration, avec "
            "[ecandidat] demo_mode = True (ou AIRFLOW__ECANDIDAT__DEMO_MODE=True)."
        )
    summary = Summary(code, clock)
    now = wall_clock(clock())
    with transaction(conn) as cur:
        sqlfiles.execute(cur, "demo/reset.sql", {})
        sqlfiles.execute(cur, "nomenclature.sql", {"now": now})
        sqlfiles.execute(cur, "demo/demo_data.sql", dates(sqlfiles.sql("demo/demo_data.sql"), now))
        sqlfiles.execute(cur, "schema/reset_identities.sql", {})
        counts = sqlfiles.execute(cur, "demo/counts.sql").fetchone()
        files = [row[0] for row in sqlfiles.execute(cur, "demo/files.sql").fetchall()]
    if store is not None:
        # After the commit: a failure here leaves files to rewrite, never data without its files.
        store.empty()
        for path in files:
            store.write(path, b"%PDF-1.4\n% eCandidat demo attachment\n")
        summary.add(f"{len(files)} pièces jointes de démonstration écrites")
    campagnes, comptes, candidatures, opi = counts
    summary.add("Base eCandidat vidée et rechargée avec le jeu de démonstration")
    summary.add(
        f"{campagnes} campagnes, {comptes} comptes, {candidatures} candidatures, {opi} OPI en attente"
    )
    for key, value in zip(("campagnes", "comptes", "candidatures", "opi_en_attente"), counts, strict=True):
        summary.count(key, value)
    return summary


JOB = Job(
    run=run,
    sql=(
        "demo/counts.sql",
        "demo/demo_data.sql",
        "demo/files.sql",
        "demo/reset.sql",
        "schema/reset_identities.sql",
    ),
    resources=("conn", "store"),
)
