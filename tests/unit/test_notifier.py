"""A failed batch run tells the admins: always a log line, a mail when ``failure_mail_to`` is set."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest
from dev.fakes.smtp import RecordingSmtp

from ecandidat_batches.mails.notifier import BatchFailureNotifier

CONTEXT = {
    "dag_run": SimpleNamespace(dag_id="BATCH_ARCHIVAGE", run_id="scheduled__2026-11-30T21:30:00+00:00"),
    "reason": "task_failure",
}


def test_a_failure_is_logged_without_mail(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRFLOW__ECANDIDAT__FAILURE_MAIL_TO", raising=False)
    with caplog.at_level(logging.ERROR, logger="ecandidat_batches.mails.notifier"):
        BatchFailureNotifier().notify(CONTEXT)
    assert "[eCandidat] Batch BATCH_ARCHIVAGE en échec" in caplog.text
    assert "scheduled__2026-11-30T21:30:00+00:00" in caplog.text


def test_a_failure_is_mailed_to_the_admins(monkeypatch: pytest.MonkeyPatch) -> None:
    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        monkeypatch.setenv("AIRFLOW__ECANDIDAT__FAILURE_MAIL_TO", "dsi@univ.example.fr, scol@univ.example.fr")
        monkeypatch.setenv("AIRFLOW__ECANDIDAT__MAIL_FROM", "ecandidat-noreply@univ.example.fr")
        BatchFailureNotifier().notify(CONTEXT)
    [mail] = smtp.received
    assert mail.mail_from == "ecandidat-noreply@univ.example.fr"
    assert sorted(mail.rcpt_tos) == ["dsi@univ.example.fr", "scol@univ.example.fr"]
    message = mail.message
    assert message["Subject"] == "[eCandidat] Batch BATCH_ARCHIVAGE en échec"
    body = next(part for part in message.walk() if part.get_content_type() == "text/html").get_content()
    assert "Le batch BATCH_ARCHIVAGE s&#x27;est terminé en erreur." in body
    assert "task_failure" in body


def test_a_failing_batch_run_sends_it(
    airflow_db: None, app_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the DAG's on_failure_callback, as Airflow runs it (BATCH_DEMO refuses without demo mode)."""
    from airflow.dag_processing.dagbag import DagBag
    from tests.fixtures.airflow import DAGS

    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        monkeypatch.setenv("AIRFLOW__ECANDIDAT__FAILURE_MAIL_TO", "dsi@univ.example.fr")
        monkeypatch.setenv("AIRFLOW__ECANDIDAT__MAIL_FROM", "ecandidat-noreply@univ.example.fr")
        monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", "/tmp")
        dag = DagBag(dag_folder=str(DAGS / "batch_demo.py")).dags["BATCH_DEMO"]
        run = dag.test(logical_date=None)
    assert str(getattr(run.state, "value", run.state)) == "failed"
    assert [m.message["Subject"] for m in smtp.received] == ["[eCandidat] Batch BATCH_DEMO en échec"]
