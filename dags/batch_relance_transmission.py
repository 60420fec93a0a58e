"""BATCH_RELANCE_TRANSMISSION, "Relance des candidatures non transmises": a reminder eCandidat lacks.

Added by this package at eCandidat's users' request (esup-ecandidat issues #64 and #66). The
candidatures of the active campaign still "en attente" (never transmitted, not cancelled) whose return
deadline is exactly today + N days, for each delay N of the batch's settings (Admin > Batches,
"Réglages de la relance", or `cli relance`), optionally for some formations only, get a reminder mail.
Nothing changes in eCandidat's database: the first task announces the mails in the batch's journal with
the day's record of who was reminded (a rerun the same day sends nothing twice); the next task sends
them, and a crash never loses one (see `ecandidat_batches.mails.outbox`). A missed day is not caught up.
`dry_run` lists the reminders and their mails.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.jobs import relance_transmission
from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.operators.mails import BatchMailsOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_RELANCE_TRANSMISSION", doc_md=__doc__))
def batch_relance_transmission() -> None:
    changes = BatchOperator(task_id="relancer", task_display_name="Relancer")
    changes >> BatchMailsOperator(
        task_id="envoyer_mails",
        task_display_name="Envoyer les mails",
        changes_task_id="relancer",
        job=relance_transmission.SEND,
    )


batch_relance_transmission()
