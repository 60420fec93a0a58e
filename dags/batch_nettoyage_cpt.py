"""BATCH_NETTOYAGE_CPT: deletes invalid minimal accounts ("Nettoyage des comptes à minima invalides").

Deletes the accounts never validated (`tem_valid_cpt_min`) whose validity date
(`dat_fin_valid_cpt_min`, creation + `CANDIDAT_NB_JOUR_KEEP_CPT_MIN` days) has passed and that have
no candidate record, and frees their dossier numbers (`histo_num_dossier`). Accounts with a candidate
are kept and counted. `dry_run` reports without deleting.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(
    **batch_dag_args("BATCH_NETTOYAGE_CPT", doc_md=__doc__),
    params={
        "dry_run": Param(False, type="boolean", title="Simulation", description="Compter sans supprimer")
    },
)
def batch_nettoyage_cpt() -> None:
    @task(task_display_name="Supprimer les comptes invalides")
    def nettoyer(**context) -> dict:
        from ecandidat_batches.jobs import nettoyage_cpt
        from ecandidat_batches.tasks import app_connection

        with app_connection() as conn:
            dry_run = bool(context["params"]["dry_run"])
            return nettoyage_cpt.run(conn, dry_run=dry_run).as_dict()

    verifier_creneau() >> nettoyer()


batch_nettoyage_cpt()
