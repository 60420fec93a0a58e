"""BATCH_DESTRUCT_HISTO ("Destruction de l'historique des batches"): purge old batch runs.

eCandidat bulk-deletes ``batch_histo`` rows started more than ``TECH_NB_JOUR_KEEP_HISTO_BATCH`` days
ago (default 30). Here the history is Airflow's DAG runs of the registry's batches, deleted through
Airflow's REST API bulk endpoint. Differences from eCandidat, on purpose:

* the latest run of each batch is kept, so "Dernière exécution" is never emptied by the purge;
* a run that is not finished is never deleted;
* N = 0 or negative is refused instead of deleting everything (the running row included).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, Protocol

from ecandidat_batches.clock import paris_now
from ecandidat_batches.db import parametre
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.jobs import Job
from ecandidat_batches.summary import Summary

PARAM = "TECH_NB_JOUR_KEEP_HISTO_BATCH"


class HistoryApi(Protocol):
    def iter_dag_runs(self, page_size: int = ..., **filters: Any) -> Iterator[dict[str, Any]]: ...
    def latest_started_run(self, dag_id: str) -> dict[str, Any] | None: ...
    def delete_dag_runs(self, keys: Sequence[tuple[str, str]], chunk: int = ...) -> tuple[int, list[str]]: ...


#: At most a century of history: beyond, the date it gives would not exist (and it keeps everything).
MAX_DAYS = 36_500


def retention_days(conn: Connection) -> int:
    """``TECH_NB_JOUR_KEEP_HISTO_BATCH`` (30 when absent); out of 1..36,500 it is refused with the reason."""
    with transaction(conn) as cur:
        days = parametre.get_int(cur, PARAM)
    if days <= 0:
        raise ValueError(
            f"{PARAM} = {days} : refusé, cela supprimerait tout l'historique des batches. "
            "Indiquez un nombre de jours positif dans la table parametre."
        )
    if days > MAX_DAYS:
        raise ValueError(
            f"{PARAM} = {days} : refusé, au-delà de {MAX_DAYS} jours (un siècle) aucune date n'existe. "
            "Indiquez un nombre de jours raisonnable dans la table parametre."
        )
    return days


def runs_to_delete(
    api: HistoryApi, *, before: dt.datetime, batches: Collection[str]
) -> list[tuple[str, str]]:
    """Finished runs of the batches (``batches``: the registry's codes) started before ``before``, except
    each batch's last started one."""
    codes = sorted(batches)
    latest = {code: run["dag_run_id"] for code in codes if (run := api.latest_started_run(code))}
    return [
        (r["dag_id"], r["dag_run_id"])
        for r in api.iter_dag_runs(dag_ids=codes, states=["success", "failed"], start_date_lt=before)
        if latest.get(r["dag_id"]) != r["dag_run_id"]
    ]


def run(
    conn: Connection,
    api: HistoryApi,
    *,
    code: str,
    batches: Collection[str],
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Delete (or, in a dry run, count) the runs older than the retention; return the summary.

    :param conn: the eCandidat database, for ``TECH_NB_JOUR_KEEP_HISTO_BATCH``.
    :param api: Airflow's REST API, which holds the history.
    :param batches: the registry's batch codes (never another DAG's runs).
    """
    return purge(api, code=code, days=retention_days(conn), batches=batches, dry_run=dry_run, clock=clock)


def purge(
    api: HistoryApi,
    *,
    code: str,
    days: int,
    batches: Collection[str],
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Delete (or count) the finished runs of the batches started more than ``days`` ago."""
    summary = Summary(code, clock, dry_run=dry_run)
    before = clock() - dt.timedelta(days=days)
    keys = runs_to_delete(api, before=before, batches=batches)
    per_batch = Counter(dag_id for dag_id, _ in keys)
    summary.add(
        f"Conservation de {days} jours : {len(keys)} exécution(s) antérieure(s) au {before:%d/%m/%Y %H:%M}"
    )
    for batch, n in sorted(per_batch.items()):
        summary.add(f"{batch} : {n} exécution(s) {'à supprimer' if dry_run else 'supprimée(s)'}")
    if dry_run:
        summary.count("a_supprimer", len(keys))
        return summary
    deleted, errors = api.delete_dag_runs(keys)
    for error in errors[:20]:
        summary.add(f"Non supprimée : {error}")
    summary.add(f"{deleted} exécution(s) supprimée(s)" + (f", {len(errors)} erreur(s)" if errors else ""))
    summary.count("supprimes", deleted)
    summary.count("erreurs", len(errors))
    return summary


JOB = Job(run=run, sql=(*parametre.SQL,), resources=("conn", "api", "batches"))
