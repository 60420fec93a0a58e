"""Test DAGs for BATCH_NETTOYAGE and BATCH_DESTRUCT_HISTO, parsed by a real DAG processor.

Two stand in for registry batches that have no DAG yet (one in service, one out of service); one is
a DAG of the deployment that is not an eCandidat batch. Their task records its PID and sleeps, like a
batch stuck on a dead SI Scolarité.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from airflow.sdk import dag, task

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


sleeper("BATCH_MAJ_GESTIONNAIRE", paused=False)
sleeper("BATCH_CALCUL_RANG_LC", paused=True)
sleeper("autre_dag", paused=False)
