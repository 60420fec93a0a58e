"""Telling the admins that a batch run failed (the DAGs' ``on_failure_callback``).

eCandidat only showed ERROR in its history; here a failed run is always logged (by the DAG processor,
which runs DAG callbacks) and, when ``[ecandidat] failure_mail_to`` lists addresses, mailed through
Airflow's SMTP provider (connection ``[ecandidat] smtp_conn_id``, ``smtp_default`` by default).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from airflow.sdk import BaseNotifier

from ecandidat_batches import settings

log = logging.getLogger(__name__)


def failure_message(context: Any) -> tuple[str, str]:
    """The subject and the plain-text body of the notice for a failed run, in French."""
    dag_run = context["dag_run"]
    code = dag_run.dag_id
    reason = context.get("reason") or context.get("exception") or "voir les journaux de l'exécution"
    subject = f"[eCandidat] Batch {code} en échec"
    body = (
        f"Le batch {code} s'est terminé en erreur.\n"
        f"Exécution : {dag_run.run_id}\n"
        f"Cause : {reason}\n"
        "Détail : Administration > Batches > Historique, ou la page de l'exécution dans Airflow."
    )
    return subject, body


class BatchFailureNotifier(BaseNotifier):
    """Log, and mail when configured, that a batch run failed."""

    def render_template_fields(self, context: Any, jinja_env: Any = None) -> None:
        """Nothing to render (no templated field); skipping it also spares the Jinja environment,
        which ``dag.test()`` cannot build for DAG callbacks (its DAG there is the serialised one)."""

    def notify(self, context: Any) -> None:
        subject, body = failure_message(context)
        log.error("%s : %s", subject, body.replace("\n", " | "))
        recipients = settings.failure_mail_to()
        if not recipients:
            return
        from airflow.providers.smtp.hooks.smtp import SmtpHook

        with SmtpHook(smtp_conn_id=settings.smtp_conn_id()) as smtp:
            smtp.send_email_smtp(
                to=recipients,
                subject=subject,
                html_content=f"<pre>{html.escape(body)}</pre>",
                from_email=settings.mail_from() or None,
            )
