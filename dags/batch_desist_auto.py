"""BATCH_DESIST_AUTO: the automatic withdrawal ("Désistement automatique des candidatures").

The candidatures of the active campaign whose latest decision is a validated favourable one that the
candidate did not answer by eCandidat's confirmation deadline are withdrawn (`autoDesist`); each
formation on the complementary list promotes as many candidates from the head of its list, whose real
ranks are then recomputed (`LC_IS_CALCUL_RANG_REEL`). One transaction; then the mails
(`CANDIDATURE_DESIST_AUTO`, the promotion's decision mail, `COMMISSION_ALERT_LISTE_PRINC`) are sent
by the next task, which a crash never skips (see `ecandidat_batches.mails.outbox`). `dry_run` lists what it
would change and the mails it would send.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.operators.mails import BatchMailsOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_DESIST_AUTO", doc_md=__doc__))
def batch_desist_auto() -> None:
    changes = BatchOperator(task_id="desister", task_display_name="Désister et promouvoir")
    changes >> BatchMailsOperator(
        task_id="envoyer_mails", task_display_name="Envoyer les mails", changes_task_id="desister"
    )


batch_desist_auto()
