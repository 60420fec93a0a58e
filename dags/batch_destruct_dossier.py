"""BATCH_DESTRUCT_DOSSIER: destroys archived applications ("Destruction des dossiers archivés").

For each campaign archived more than `SCOL_NB_JOUR_ARCHIVAGE` days ago (365 when absent) and not yet
destroyed: deletes its accounts with every dependent row, their attachment files on the file store
(`[ecandidat] file_store_root`), orphan candidate files, and the campaign's folder, then stamps the
campaign destroyed (`dat_destruct_effec_camp`). A file that cannot be removed stays recorded in
`fichier_fiabilisation` and is retried by the next run; a missing folder is not an error. A run
stopped at any point completes when run again. `dry_run` reports exactly what would go.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_DESTRUCT_DOSSIER", doc_md=__doc__))
def batch_destruct_dossier() -> None:
    BatchOperator(task_id="detruire", task_display_name="Détruire les dossiers archivés")


batch_destruct_dossier()
