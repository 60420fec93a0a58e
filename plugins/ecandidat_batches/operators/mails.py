"""The candidature batches' mail task: what their committed changes announced, sent through SMTP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings


class ChangesFailedError(RuntimeError):
    """The change task failed: its mails went, the run fails as the change did."""


class BatchMailsOperator(BaseOperator):
    """Send the mails the batch's journal owes (:mod:`ecandidat_batches.mails.outbox`) and report them.

    It runs whatever the change task did (trigger rule ``all_done``): mails a crashed run committed are
    sent by this task, its retries, or the next run's; then, when the change task failed, it fails
    too, so that the run does (Airflow decides a run's state from its last tasks). Its summary
    continues the change task's, so that the run's history shows both; a dry run sends nothing.

    :param changes_task_id: the task that made the changes (its summary comes first).
    :param ecandidat_conn_id: the eCandidat database (templated).
    :param smtp_conn_id: the SMTP server; ``[ecandidat] smtp_conn_id`` when None (templated).
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id", "smtp_conn_id")
    ui_color = "#fdf2e9"

    def __init__(
        self,
        *,
        changes_task_id: str,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        smtp_conn_id: str | None = None,
        trigger_rule: str = "all_done",
        **kwargs: Any,
    ) -> None:
        super().__init__(trigger_rule=trigger_rule, **kwargs)
        self.changes_task_id = changes_task_id
        self.ecandidat_conn_id = ecandidat_conn_id
        self.smtp_conn_id = smtp_conn_id

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches.jobs import confirmation
        from ecandidat_batches.mails.outbox import VariableJournal
        from ecandidat_batches.mails.sender import MailSender
        from ecandidat_batches.operators.base import app_connection
        from ecandidat_batches.summary import Summary

        code = context["dag"].dag_id
        dry_run = bool((context.get("params") or {}).get("dry_run"))
        summary = Summary(code, dry_run=dry_run)
        previous = context["ti"].xcom_pull(task_ids=self.changes_task_id)
        if isinstance(previous, dict):
            summary.lignes = list(previous.get("lignes") or [])
            summary.compteurs = dict(previous.get("compteurs") or {})
        if dry_run:
            summary.add("Aucun mail envoyé (simulation)")
            self._fail_if_changes_failed(context)
            return summary.as_dict()
        with (
            app_connection(self.ecandidat_conn_id) as conn,
            MailSender(self.smtp_conn_id or settings.smtp_conn_id(), settings.mail_from()) as sender,
        ):
            result = confirmation.send(conn, code=code, outbox_journal=VariableJournal(code), sender=sender,
                                       summary=summary).as_dict()  # fmt: skip
        self._fail_if_changes_failed(context)
        return result

    def _fail_if_changes_failed(self, context: Any) -> None:
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
