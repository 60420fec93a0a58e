"""Run BATCH_RELANCE_TRANSMISSION and its mail delivery in this process, SIGKILLed at a point.

Usage: python relance_runner.py JOURNAL POINT N NOW   (the app DB from AIRFLOW_CONN_ECANDIDAT_DB, the
SMTP server from AIRFLOW_CONN_SMTP_DEFAULT, the settings from ECB_RELANCE_REGLAGES, unset: the
defaults). POINT is a checkpoint of the job ("selected": before anything is written; "announced": the
lot and the day's record written) or "sent": killed as the Nth mail is accepted by the server, before
its progress is recorded. Exit 0 means the run finished before the point.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from checkpoints import KillAt

from ecandidat_batches.db.connection import connect
from ecandidat_batches.jobs import relance_transmission
from ecandidat_batches.mails.outbox import FileJournal
from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import Mail

JOURNAL, POINT, NTH, NOW = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
CODE = "BATCH_RELANCE_TRANSMISSION"
checkpoint = KillAt(POINT, NTH)


class KilledSender(MailSender):
    def send(self, mail: Mail) -> None:
        super().send(mail)
        checkpoint("sent")


def settings() -> str | None:
    return os.environ.get("ECB_RELANCE_REGLAGES")


conn = connect()
journal = FileJournal(JOURNAL)
moment = dt.datetime.fromisoformat(NOW)
relance_transmission.run(conn, code=CODE, outbox_journal=journal, clock=lambda: moment, checkpoint=checkpoint,
                         read_reglages=settings)  # fmt: skip
with KilledSender("smtp_default", "noreply@univ.example.org") as sender:
    relance_transmission.send(
        conn, code=CODE, outbox_journal=journal, mail_sender=sender, read_reglages=settings
    )
conn.close()
