"""BATCH_MAJ_GESTIONNAIRE: eCandidat's individus against the directory ("Mise à jour des gestionnaires").

Looks every `individu`'s login up in the directory (connection `ecandidat_ldap`: eCandidat's LDAP
URL, bind account and password, people branch and uid / displayName / mail attributes), many logins
per search, each escaped. Not found and in service: out of service. Found with another label or mail:
both updated, in service. Found, unchanged, out of service: back in service (eCandidat never did).
Every login is looked up before anything is written: a directory error fails the run with its cause
and changes nothing. `dry_run` reports without writing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_MAJ_GESTIONNAIRE", doc_md=__doc__))
def batch_maj_gestionnaire() -> None:
    BatchOperator(task_id="synchroniser", task_display_name="Synchroniser avec l'annuaire")


batch_maj_gestionnaire()
