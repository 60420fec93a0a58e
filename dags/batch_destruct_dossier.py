"""BATCH_DESTRUCT_DOSSIER: destroys archived applications ("Destruction des dossiers archivés").

For each campaign archived more than `SCOL_NB_JOUR_ARCHIVAGE` days ago (365 when absent) and not yet
destroyed: deletes its accounts with every dependent row, their attachment files on the file store
(`[ecandidat] file_store_root`), orphan candidate files, and the campaign's folder, then stamps the
campaign destroyed (`dat_destruct_effec_camp`). A file that cannot be removed stays recorded in
`fichier_fiabilisation` and is retried by the next run; a missing folder is not an error. A run
stopped at any point completes when run again. `dry_run` reports exactly what would go.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(
    **batch_dag_args("BATCH_DESTRUCT_DOSSIER", doc_md=__doc__),
    params={
        "dry_run": Param(False, type="boolean", title="Simulation", description="Rapporter sans supprimer")
    },
)
def batch_destruct_dossier() -> None:
    @task(task_display_name="Détruire les dossiers archivés")
    def detruire(**context) -> dict:
        from ecandidat_batches.filestore import configured_store
        from ecandidat_batches.jobs import destruct_dossier
        from ecandidat_batches.tasks import app_connection

        store = configured_store()
        with app_connection() as conn:
            dry_run = bool(context["params"]["dry_run"])
            return destruct_dossier.run(conn, store, dry_run=dry_run).as_dict()

    verifier_creneau() >> detruire()


batch_destruct_dossier()
