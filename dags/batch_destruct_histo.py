"""BATCH_DESTRUCT_HISTO: purges old batch history ("Destruction de l'historique des batches").

Deletes the finished runs of the batches started more than `TECH_NB_JOUR_KEEP_HISTO_BATCH` days ago
(table `parametre`, 30 when absent), through Airflow's REST API bulk endpoint (connection
`airflow_api`). The latest run of each batch is always kept, so "Dernière exécution" never empties;
a run that is not finished is never deleted; 0 or a negative number of days is refused. With
`dry_run`, it only counts what it would delete.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(
    **batch_dag_args("BATCH_DESTRUCT_HISTO", doc_md=__doc__),
    params={
        "dry_run": Param(False, type="boolean", title="Simulation", description="Compter sans supprimer"),
    },
)
def batch_destruct_histo() -> None:
    @task(task_display_name="Supprimer l'historique ancien")
    def purger(**context) -> dict:
        from ecandidat_batches.hooks.airflow_api import AirflowApiHook
        from ecandidat_batches.jobs import destruct_histo
        from ecandidat_batches.tasks import app_connection

        with app_connection() as conn:
            days = destruct_histo.retention_days(conn)
        return destruct_histo.run(
            AirflowApiHook(), days=days, dry_run=bool(context["params"]["dry_run"])
        ).as_dict()

    verifier_creneau() >> purger()


batch_destruct_histo()
