"""Test DAGs run by a real scheduler, parsed by a real DAG processor.

Two stand in for registry batches that have no DAG yet (one in service, one out of service); one is
a DAG of the deployment that is not an eCandidat batch. Their task records its PID and sleeps, like a
batch stuck on a dead SI Scolarité. A fourth runs every 20 seconds on the batches' timetable, to see
what a real scheduler does when a batch is put back in service; a fifth, every 5 seconds, is for two
schedulers at once (the Celery tests).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from airflow.sdk import dag, task

from ecandidat_batches.schedule.timetables import BatchCronTimetable

PID_DIR = Path(os.environ.get("ECB_TEST_PID_DIR", "/tmp"))


def sleeper(dag_id: str, paused: bool) -> None:
    @dag(dag_id=dag_id, schedule=None, is_paused_upon_creation=paused, max_active_runs=1, tags=["test"])
    def _dag() -> None:
        @task
        def dormir(**context) -> None:
            (PID_DIR / f"{context['dag_run'].run_id}.pid").write_text(str(os.getpid()))
            time.sleep(600)

        dormir()

    _dag()


sleeper("BATCH_ASYNC_OPI", paused=False)
sleeper("BATCH_ASYNC_OPI_PJ", paused=True)
sleeper("autre_dag", paused=False)


@dag(
    dag_id="periodique_20s",
    # Every 20 seconds (croniter's sixth field), with a 5-second tolerance: the batches' own
    # timetable at a test's pace (the DAG processor parses every 5 s: a return 10 s after a slot is
    # seen by no parse that would still take that slot).
    schedule=BatchCronTimetable(
        "* * * * * */20",
        timezone="Europe/Paris",
        libelle="Toutes les 20 s (test)",
        tolerance=dt.timedelta(seconds=5),
    ),
    is_paused_upon_creation=True,
    max_active_runs=1,
    tags=["test"],
)
def periodique() -> None:
    @task
    def noter(**context) -> str:
        return context["dag_run"].run_id

    noter()


periodique()


@dag(
    dag_id="ha_toutes_les_5s",
    # Every 5 seconds on the batches' timetable: two schedulers at once must create one run per slot.
    schedule=BatchCronTimetable(
        "* * * * * */5",
        timezone="Europe/Paris",
        libelle="Toutes les 5 s (test)",
        tolerance=dt.timedelta(seconds=2),
    ),
    is_paused_upon_creation=True,
    max_active_runs=16,
    tags=["test"],
)
def haute_disponibilite() -> None:
    @task
    def noter(**context) -> str:
        return context["dag_run"].run_id

    noter()


haute_disponibilite()
