"""BATCH_NETTOYAGE ("Nettoyage des batches"): interrupt batch runs stuck for too long.

eCandidat marks a ``batch_histo`` row RUNNING for more than 4 hours as INTERRUPT so that the batch
can be launched again; nothing is killed. Here the history is Airflow's DAG runs: a run of a batch
DAG (the registry's, never other DAGs of the deployment) running, or queued while its batch is in
service, for longer than the threshold is set to failed with the note "INTERRUPT", and Airflow stops
its running task. A queued run of a batch out of service is a pending launch, not a stuck one.

Every batch DAG also has a ``dagrun_timeout``, so Airflow itself interrupts runaway runs; this batch
is the safety net for what that misses (a scheduler down when the timeout fell, a run queued forever).
It goes through Airflow's REST API, the only way a task may change Airflow's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, Protocol

from ecandidat_batches.clock import in_paris, paris_now
from ecandidat_batches.jobs import Job
from ecandidat_batches.state import interrupt_note
from ecandidat_batches.summary import Summary


class RunsApi(Protocol):
    def iter_dag_runs(self, page_size: int = ..., **filters: Any) -> Iterator[dict[str, Any]]: ...
    def paused_states(self, dag_ids: Sequence[str]) -> dict[str, bool]: ...
    def get_dag_run(self, dag_id: str, run_id: str) -> dict[str, Any] | None: ...
    def fail_dag_run(self, dag_id: str, run_id: str, note: str) -> dict[str, Any]: ...


def _paris(value: str | None) -> str:
    if not value:
        return "-"
    return in_paris(dt.datetime.fromisoformat(value))


def find_stale_runs(
    api: RunsApi,
    *,
    now: dt.datetime,
    threshold: dt.timedelta,
    own: tuple[str, str] | None,
    batches: Collection[str],
) -> list[dict[str, Any]]:
    """The runs to interrupt: running since before ``now - threshold``, or queued that long in service;
    of the registry's batches only (``batches``: their codes), never another DAG of the deployment."""
    codes = sorted(batches)
    limit = now - threshold
    stale = list(api.iter_dag_runs(dag_ids=codes, states=["running"], start_date_lte=limit))
    queued = list(api.iter_dag_runs(dag_ids=codes, states=["queued"], run_after_lte=limit))
    if queued:
        paused = api.paused_states(codes)
        stale += [r for r in queued if not paused.get(r["dag_id"], True)]
    return [r for r in stale if (r["dag_id"], r["dag_run_id"]) != own]


def run(
    api: RunsApi,
    *,
    code: str,
    seuil_heures: float,
    own_run: tuple[str, str] | None,
    batches: Collection[str],
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Interrupt the stale runs and return the summary listing them (batch, run, start).

    :param seuil_heures: a run older than this many hours is interrupted (param of the DAG).
    :param own_run: this run's (dag_id, run_id), never interrupted.
    :param batches: the registry's batch codes.
    """
    threshold = check_threshold(seuil_heures)
    summary = Summary(code, clock, dry_run=dry_run)
    hours = threshold.total_seconds() / 3600
    summary.add(f"Recherche des exécutions en cours depuis plus de {hours:g} h")
    interrupted = 0
    for found in find_stale_runs(api, now=clock(), threshold=threshold, own=own_run, batches=batches):
        dag_id, run_id = found["dag_id"], found["dag_run_id"]
        start = _paris(found.get("start_date") or found.get("run_after"))
        if dry_run:
            summary.add(f"{dag_id} : l'exécution {run_id} (début {start}) serait interrompue")
            interrupted += 1
            continue
        current = api.get_dag_run(dag_id, run_id)
        if current is None or current["state"] not in ("running", "queued"):
            continue  # finished on its own meanwhile: leave it as it ended
        note = interrupt_note(code, current["state"], hours, start)
        api.fail_dag_run(dag_id, run_id, note)
        summary.add(f"{dag_id} : exécution {run_id} (début {start}) interrompue")
        interrupted += 1
    summary.add(f"{interrupted} exécution(s) interrompue(s)" + (" (simulation)" if dry_run else ""))
    summary.count("interrompus", interrupted)
    return summary


#: The threshold's bounds, in hours. Below a quarter of an hour it would interrupt batches that have
#: just started (every batch's own timeout is longer); above a month it would never interrupt anything.
MIN_HOURS = 0.25
MAX_HOURS = 24 * 31


def default_threshold() -> float:
    """``[ecandidat] stale_run_hours`` (eCandidat's 4 h), brought within the bounds."""
    from ecandidat_batches import settings

    return min(max(settings.stale_run_hours(), MIN_HOURS), MAX_HOURS)


def check_threshold(hours: float) -> dt.timedelta:
    """The threshold as a duration; a value out of the bounds is refused with the reason."""
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours != hours:
        raise ValueError(f"seuil de nettoyage invalide ({hours!r}) : un nombre d'heures est attendu")
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise ValueError(
            f"seuil de nettoyage invalide ({hours:g} h) : entre {MIN_HOURS:g} h et {MAX_HOURS} h. En "
            "dessous, des batches qui viennent de démarrer seraient interrompus ; au-delà d'un mois, rien "
            "ne le serait"
        )
    return dt.timedelta(hours=hours)


JOB = Job(run=run, sql=(), resources=("api", "own_run", "batches"))
