"""BATCH_NETTOYAGE_CPT: deletes invalid minimal accounts ("Nettoyage des comptes à minima invalides").

Deletes the accounts never validated (`tem_valid_cpt_min`) whose validity date
(`dat_fin_valid_cpt_min`, creation + `CANDIDAT_NB_JOUR_KEEP_CPT_MIN` days) has passed and that have
no candidate record, and frees their dossier numbers (`histo_num_dossier`). Accounts with a candidate
are kept and counted. `dry_run` reports without deleting.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_NETTOYAGE_CPT", doc_md=__doc__))
def batch_nettoyage_cpt() -> None:
    BatchOperator(task_id="nettoyer", task_display_name="Supprimer les comptes invalides")


batch_nettoyage_cpt()
