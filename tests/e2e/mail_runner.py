"""Run a candidature batch and its mail delivery in this process, SIGKILLed at a point.

Usage: python mail_runner.py CODE JOURNAL POINT N NOW   (the app DB from AIRFLOW_CONN_ECANDIDAT_DB, the
SMTP server from AIRFLOW_CONN_SMTP_DEFAULT). POINT is a checkpoint of the job ("announced": the journal
written, the transaction not committed) or "sent": killed as the Nth mail is accepted by the server,
before its progress is recorded. Exit 0 means the run finished before the point.
"""

from __future__ import annotations

import datetime as dt
import sys

from checkpoints import KillAt

from ecandidat_batches.db.connection import connect
from ecandidat_batches.jobs import confirmation
from ecandidat_batches.mails.outbox import FileJournal
from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import Mail

CODE, JOURNAL, POINT, NTH, NOW = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
checkpoint = KillAt(POINT, NTH)


class KilledSender(MailSender):
    def send(self, mail: Mail) -> None:
        super().send(mail)
        checkpoint("sent")


conn = connect()
journal = FileJournal(JOURNAL)
action = "desist" if CODE == "BATCH_DESIST_AUTO" else "relance"
moment = dt.datetime.fromisoformat(NOW)
confirmation.run(conn, code=CODE, action=action, outbox_journal=journal, clock=lambda: moment,
                 checkpoint=checkpoint)  # fmt: skip
with KilledSender("smtp_default", "noreply@univ.example.org") as sender:
    confirmation.send(conn, code=CODE, outbox_journal=journal, mail_sender=sender)
conn.close()
