"""BATCH_APP_EN_MAINT: puts eCandidat in maintenance at a programmed time.

Sets `parametre.TECH_IS_MAINTENANCE` to "O" and asks running eCandidat nodes to reload their
parameters (`load_balancing_reload` 'param'). From then on non-admin users are sent to the
maintenance page. Running it again changes nothing. A missing parameter row fails the run.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(**batch_dag_args("BATCH_APP_EN_MAINT", doc_md=__doc__))
def batch_app_en_maint() -> None:
    @task(task_display_name="Mettre en maintenance")
    def mettre_en_maintenance() -> dict:
        from ecandidat_batches.jobs import maintenance
        from ecandidat_batches.tasks import app_connection

        with app_connection() as conn:
            return maintenance.run(conn, enabled=True, code="BATCH_APP_EN_MAINT").as_dict()

    verifier_creneau() >> mettre_en_maintenance()


batch_app_en_maint()
