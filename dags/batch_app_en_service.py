"""BATCH_APP_EN_SERVICE: puts eCandidat back in service at a programmed time.

Sets `parametre.TECH_IS_MAINTENANCE` to "N" and asks running eCandidat nodes to reload their
parameters (`load_balancing_reload` 'param'). Running it again changes nothing. A missing parameter
row fails the run.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(**batch_dag_args("BATCH_APP_EN_SERVICE", doc_md=__doc__))
def batch_app_en_service() -> None:
    @task(task_display_name="Mettre en service")
    def mettre_en_service() -> dict:
        from ecandidat_batches.jobs import maintenance
        from ecandidat_batches.tasks import app_connection

        with app_connection() as conn:
            return maintenance.run(conn, enabled=False, code="BATCH_APP_EN_SERVICE").as_dict()

    verifier_creneau() >> mettre_en_service()


batch_app_en_service()
