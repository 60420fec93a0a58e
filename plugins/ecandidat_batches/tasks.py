"""Task adapters shared by the batch DAGs: thin wrappers between Airflow and the jobs."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from airflow.sdk import task

from ecandidat_batches import settings

log = logging.getLogger(__name__)


def is_missed_slot(run_type: str, run_after: dt.datetime, now: dt.datetime, tolerance: dt.timedelta) -> bool:
    """True for a scheduled run whose slot is older than the tolerance.

    Airflow creates the most recent missed slot at once when a paused DAG is unpaused, even with
    ``catchup=False``; eCandidat never ran a batch for a slot that passed while it was disabled.
    """
    return run_type == "scheduled" and now - run_after > tolerance


@task.short_circuit(task_id="verifier_creneau", task_display_name="Vérifier le créneau")
def verifier_creneau(**context: Any) -> bool:
    """Skip the run when it is a slot missed while the batch was out of service."""
    dag_run = context["dag_run"]
    tolerance = dt.timedelta(minutes=settings.missed_slot_tolerance_minutes())
    now = dt.datetime.now(dt.UTC)
    run_type = getattr(dag_run.run_type, "value", dag_run.run_type)
    if is_missed_slot(run_type, dag_run.run_after, now, tolerance):
        log.warning(
            "Créneau du %s manqué pendant la mise hors service : ignoré", dag_run.run_after.isoformat()
        )
        return False
    return True


@contextmanager
def app_connection() -> Iterator[Any]:
    """A DB-API connection to the eCandidat database from its Airflow connection, closed afterwards."""
    from ecandidat_batches.appdb import EcandidatDbHook

    conn = EcandidatDbHook().get_conn()
    try:
        yield conn
    finally:
        conn.close()
