"""BATCH_RELANCE_FAVO: the reminder ("Relance des avis favorables non confirmés").

The candidatures of the active campaign whose latest decision is a validated favourable one, not
answered and not reminded yet, whose confirmation deadline is exactly today +
`SCOL_NB_JOUR_RELANCE_FAVO` days are marked reminded (`tem_relance_cand`) in one transaction; the
next task sends them `CANDIDATURE_RELANCE_FAVO`, and a crash never skips it (see
`ecandidat_batches.mails.outbox`). A missed day is not caught up, as in eCandidat. `dry_run` lists the
reminders and their mails.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.operators.mails import BatchMailsOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_RELANCE_FAVO", doc_md=__doc__))
def batch_relance_favo() -> None:
    changes = BatchOperator(task_id="relancer", task_display_name="Relancer")
    changes >> BatchMailsOperator(
        task_id="envoyer_mails", task_display_name="Envoyer les mails", changes_task_id="relancer"
    )


batch_relance_favo()
