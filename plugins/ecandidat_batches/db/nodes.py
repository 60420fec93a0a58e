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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
    """Reloads written (committed) for the caches ``cods``, and the nodes' last checks at that moment."""

    cods: tuple[str, ...]
    at: dt.datetime
    checks: dict[str, dt.datetime]

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable (a task hands it to the task that waits for the nodes)."""
        return {
            "cods": list(self.cods),
            "at": self.at.isoformat(),
            "checks": {node: checked.isoformat() for node, checked in self.checks.items()},
        }

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> ReloadRequest:
        return cls(
            tuple(value["cods"]),
            dt.datetime.fromisoformat(value["at"]),
            {node: dt.datetime.fromisoformat(checked) for node, checked in value["checks"].items()},
        )


def combined(requests: Iterable[ReloadRequest]) -> ReloadRequest | None:
    """Several requests (written in several transactions) as one to wait for: every cache, the last
    request's time, and each node's latest check seen when one was written; a node whose check moved
    past that one has polled after every request was committed. None when there is none."""
    requests = list(requests)
    if not requests:
        return None
    checks: dict[str, dt.datetime] = {}
    for request in requests:
        for node, checked in request.checks.items():
            checks[node] = max(checked, checks.get(node, checked))
    cods = tuple(dict.fromkeys(cod for request in requests for cod in request.cods))
    return ReloadRequest(cods, max(request.at for request in requests), checks)


def node_checks(cur: Cursor) -> dict[str, dt.datetime]:
    """Each candidat node's last check (its latest row), in Paris wall-clock time."""
    return {
        str(instance): checked for instance, checked in sqlfiles.execute(cur, "nodes/checks.sql").fetchall()
    }


def request_reload(cur: Cursor, cod: str, now: dt.datetime) -> ReloadRequest:
    """Write the reload request in the caller's transaction; what :func:`report` then waits for."""
    sqlfiles.execute(cur, "nodes/request_reload.sql", {"cod": cod, "now": now})
    return ReloadRequest((cod,), now, node_checks(cur))


def _alive(request: ReloadRequest) -> tuple[set[str], list[str]]:
    """The nodes to wait for (checked recently) and those taken for stopped."""
    alive_since = request.at - dt.timedelta(minutes=settings.node_alive_minutes())
    awaited = {node for node, checked in request.checks.items() if checked >= alive_since}
    return awaited, sorted(set(request.checks) - awaited)


def _what(request: ReloadRequest) -> str:
    if len(request.cods) == 1:
        return f"le rechargement « {request.cods[0]} »"
    return "les rechargements " + ", ".join(f"« {cod} »" for cod in request.cods)


def _nobody_polls(request: ReloadRequest, summary: Summary) -> None:
    many = len(request.cods) > 1
    taken = "n'ont été pris" if many else "n'a été pris"
    summary.add(
        f"Aucun serveur eCandidat en mode candidat ne relève les demandes (load_balancing_reload_run "
        f"est vide) : {_what(request)} {taken} en compte par personne. Sur un serveur unique ou pour "
        f"le back-office, rechargez {'les caches' if many else 'le cache'} depuis eCandidat ou "
        "redémarrez-le pour que le changement s'applique."
    )
    summary.count("noeuds", 0)


def forecast(request: ReloadRequest, summary: Summary) -> None:
    """What a dry run can say of the nodes: nothing was committed, so none can take the request;
    it names the nodes a real run would wait for (same counters as :func:`report` when none polls)."""
    awaited, stopped = _alive(request)
    what = _what(request)
    if not request.checks:
        _nobody_polls(request, summary)
        return
    if awaited:
        verb = "seraient attendus" if len(request.cods) > 1 else "serait attendu"
        summary.add(f"Serveur(s) candidat {', '.join(sorted(awaited))} : {what} {verb}")
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
        _nobody_polls(request, summary)
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
