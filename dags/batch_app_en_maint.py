"""BATCH_APP_EN_MAINT: puts eCandidat in maintenance at a programmed time.

Sets `parametre.TECH_IS_MAINTENANCE` to "O" and asks running eCandidat nodes to reload their
parameters (`load_balancing_reload` 'param'). From then on non-admin users are sent to the
maintenance page. Running it again changes nothing. A missing parameter row fails the run.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_APP_EN_MAINT", doc_md=__doc__))
def batch_app_en_maint() -> None:
    BatchOperator(task_id="mettre_en_maintenance", task_display_name="Mettre en maintenance")


batch_app_en_maint()
