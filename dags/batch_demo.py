"""BATCH_DEMO: resets the eCandidat database to the demo dataset ("Mise à zéro de l'application").

Empties every application table, then reloads the nomenclature (parameters with eCandidat's
defaults) and the demo data, in one transaction; then rewrites the demo attachment files under
`[ecandidat] file_store_root` when it is set. It refuses to run unless `[ecandidat] demo_mode`
is on: on a real database it would erase every application.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_DEMO", doc_md=__doc__))
def batch_demo() -> None:
    BatchOperator(task_id="remettre_a_zero", task_display_name="Remettre les données de démonstration")


batch_demo()
