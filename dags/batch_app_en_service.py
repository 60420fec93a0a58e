"""BATCH_APP_EN_SERVICE: puts eCandidat back in service at a programmed time.

Sets `parametre.TECH_IS_MAINTENANCE` to "N" and asks running eCandidat nodes to reload their
parameters (`load_balancing_reload` 'param'). Running it again changes nothing. A missing parameter
row fails the run.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_APP_EN_SERVICE", doc_md=__doc__))
def batch_app_en_service() -> None:
    BatchOperator(task_id="mettre_en_service", task_display_name="Mettre en service")


batch_app_en_service()
