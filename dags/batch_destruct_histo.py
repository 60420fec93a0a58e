"""BATCH_DESTRUCT_HISTO: purges old batch history ("Destruction de l'historique des batches").

Deletes the finished runs of the batches started more than `TECH_NB_JOUR_KEEP_HISTO_BATCH` days ago
(table `parametre`, 30 when absent), through Airflow's REST API bulk endpoint (connection
`airflow_api`). The latest run of each batch is always kept, so "Dernière exécution" never empties;
a run that is not finished is never deleted; 0 or a negative number of days is refused. With
`dry_run`, it only counts what it would delete.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_DESTRUCT_HISTO", doc_md=__doc__))
def batch_destruct_histo() -> None:
    BatchOperator(task_id="purger", task_display_name="Supprimer l'historique ancien")


batch_destruct_histo()
