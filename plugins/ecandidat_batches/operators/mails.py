"""The candidature batches' mail task: what their committed changes announced, sent through SMTP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.jobs import confirmation
from ecandidat_batches.operators.base import BatchOperator, BatchRun


class ChangesFailedError(RuntimeError):
    """The change task failed: its mails went, the run fails as the change did."""


class BatchMailsOperator(BatchOperator):
    """Send the mails the batch's journal owes (:mod:`ecandidat_batches.mails.outbox`) and report them.

    It runs whatever the change task did (trigger rule ``all_done``): mails a crashed run committed are
    sent by this task, its retries, or the next run's; then, when the change task failed, it fails
    too, so that the run does (Airflow decides a run's state from its last tasks). Its summary is its
    own; the Batches page shows a run's summaries one after the other. A dry run sends nothing.

    :param changes_task_id: the task that made the changes.
    :param smtp_conn_id: the SMTP server; ``[ecandidat] smtp_conn_id`` when None (templated).
    """

    template_fields: Sequence[str] = (*BatchOperator.template_fields, "smtp_conn_id")
    ui_color = "#fdf2e9"

    def __init__(
        self,
        *,
        changes_task_id: str,
        smtp_conn_id: str | None = None,
        trigger_rule: str = "all_done",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("job", confirmation.SEND)
        super().__init__(trigger_rule=trigger_rule, **kwargs)
        self.changes_task_id = changes_task_id
        self.smtp_conn_id = smtp_conn_id

    def make_mail_sender(self, run: BatchRun) -> Any:
        from ecandidat_batches.mails.sender import MailSender

        sender = MailSender(self.smtp_conn_id or settings.smtp_conn_id(), settings.mail_from())
        return run.stack.enter_context(sender)

    def make_letters(self, run: BatchRun) -> Any:
        """The admission letters' maker; its LibreOffice stops when the task ends."""
        from ecandidat_batches.letters.admission import configured_maker

        return run.stack.enter_context(configured_maker())

    def result(self, summary: Any, context: Any) -> Any:
        """This task is the DAG's last: when the change task failed, the run must fail too (Airflow
        decides a run's state from its last tasks), so that the history and the failure mail say so."""
        run_id = context["dag_run"].run_id
        states = context["ti"].get_task_states(
            dag_id=context["dag"].dag_id, task_ids=[self.changes_task_id], run_ids=[run_id]
        )
        state = (states.get(run_id) or {}).get(self.changes_task_id)
        if state in ("failed", "upstream_failed"):
            raise ChangesFailedError(
                f"Mails envoyés, mais la tâche « {self.changes_task_id} » a échoué : voir son journal"
            )
        return super().result(summary, context)
