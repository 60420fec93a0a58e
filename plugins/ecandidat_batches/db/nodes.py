"""eCandidat's running nodes: asking them to reload a cache, and seeing which did.

eCandidat caches its parameters and the campaign in service forever. From outside its JVMs, the only
way to reach them is a row of ``load_balancing_reload`` (``param``, ``campagne``...), and only nodes
in candidat load-balancing mode poll it (``LoadBalancingController.checkBatchLBRun``): each reloads
the caches requested since its last check, then replaces its row of ``load_balancing_reload_run``
(instance id, date of the check) with the current time. Back-office and single-server deployments
never poll: there a change needs a cache reload from eCandidat's screens, or a restart.

So a batch that requests a reload then waits, bounded by ``[ecandidat] node_reload_wait_seconds``,
until every live candidat node has checked again (its row moved past the one seen when the request
was written), and says which did and when, or that none did. A node whose last check is older than
``[ecandidat] node_alive_minutes`` is taken for stopped: named, not waited for.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from ecandidat_batches import settings
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.summary import Summary

#: The SQL files this module runs (a job that uses it declares them too).
SQL = (
    "nodes/checks.sql",
    "nodes/request_reload.sql",
)


@dataclass(frozen=True)
class ReloadRequest:
    """A reload written (committed) for ``cod``, and the nodes' last checks at that moment."""

    cod: str
    at: dt.datetime
    checks: dict[str, dt.datetime]


def node_checks(cur: Cursor) -> dict[str, dt.datetime]:
    """Each candidat node's last check (its latest row), in Paris wall-clock time."""
    return {
        str(instance): checked for instance, checked in sqlfiles.execute(cur, "nodes/checks.sql").fetchall()
    }


def request_reload(cur: Cursor, cod: str, now: dt.datetime) -> ReloadRequest:
    """Write the reload request in the caller's transaction; what :func:`report` then waits for."""
    sqlfiles.execute(cur, "nodes/request_reload.sql", {"cod": cod, "now": now})
    return ReloadRequest(cod, now, node_checks(cur))


def _alive(request: ReloadRequest) -> tuple[set[str], list[str]]:
    """The nodes to wait for (checked recently) and those taken for stopped."""
    alive_since = request.at - dt.timedelta(minutes=settings.node_alive_minutes())
    awaited = {node for node, checked in request.checks.items() if checked >= alive_since}
    return awaited, sorted(set(request.checks) - awaited)


def _what(request: ReloadRequest) -> str:
    return f"le rechargement « {request.cod} »"


def _nobody_polls(what: str, summary: Summary) -> None:
    summary.add(
        f"Aucun serveur eCandidat en mode candidat ne relève les demandes (load_balancing_reload_run "
        f"est vide) : {what} n'a été pris en compte par personne. Sur un serveur unique ou pour le "
        "back-office, rechargez le cache depuis eCandidat ou redémarrez-le pour que le changement "
        "s'applique."
    )
    summary.count("noeuds", 0)


def forecast(request: ReloadRequest, summary: Summary) -> None:
    """What a dry run can say of the nodes: nothing was committed, so none can take the request;
    it names the nodes a real run would wait for (same counters as :func:`report` when none polls)."""
    awaited, stopped = _alive(request)
    what = _what(request)
    if not request.checks:
        _nobody_polls(what, summary)
        return
    if awaited:
        summary.add(f"Serveur(s) candidat {', '.join(sorted(awaited))} : {what} serait attendu")
    for node in stopped:
        summary.add(f"Serveur candidat {node} : considéré comme arrêté, il ne serait pas attendu")
    summary.count("noeuds", len(awaited))


def report(
    conn: Connection,
    request: ReloadRequest,
    summary: Summary,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, dt.datetime]:
    """Wait for the live candidat nodes to take the committed request; add what happened to the
    summary; return the nodes that took it, with the time of their check."""
    awaited, stopped = _alive(request)
    what = _what(request)
    if not request.checks:
        _nobody_polls(what, summary)
        return {}
    wait = settings.node_reload_wait_seconds()
    deadline = time.monotonic() + wait
    took: dict[str, dt.datetime] = {}
    while True:
        with transaction(conn) as cur:
            now_checks = node_checks(cur)
        took = {
            node: checked
            for node, checked in now_checks.items()
            if node not in request.checks or checked > request.checks[node]
        }
        if awaited <= set(took) or time.monotonic() >= deadline:
            break
        sleep(min(2.0, max(wait / 20, 0.05)))
    for node in sorted(took):
        summary.add(f"Serveur candidat {node} : {what} pris en compte à {took[node]:%H:%M:%S}")
    late = sorted(awaited - set(took))
    if late:
        summary.add(
            f"Serveur(s) candidat {', '.join(late)} : {what} non pris en compte après {wait:g} s "
            "(il le sera à leur prochain passage, s'ils tournent)"
        )
    for node in stopped:
        summary.add(
            f"Serveur candidat {node} : aucun passage depuis le {request.checks[node]:%d/%m/%Y %H:%M:%S}, "
            "considéré comme arrêté"
        )
    if not took:
        summary.add(f"Aucun serveur eCandidat n'a encore pris en compte {what}.")
    summary.count("noeuds", len(took))
    summary.count("noeuds_en_retard", len(late))
    return took
