"""Run BATCH_ASYNC_OPI in this process and SIGKILL it at the first passage through a checkpoint.

Environment: ECB_TYP (A or P), ECB_KILL_AT, ECB_CHUNK (candidates per chunk), ECB_NOW (the run's clock),
ECB_OPI_PATH (Pégase's folder), ECB_APOGEE_DSN (Apogée's tables), ECB_JOURNAL (the mails' journal
file); the eCandidat database and the
OpiMetier service come from their Airflow connections. Exit 0 means the run finished before the point.
"""

from __future__ import annotations

import datetime as dt
import os

import psycopg
from checkpoints import KillAt

from ecandidat_batches.db.connection import connect
from ecandidat_batches.hooks.opi_metier import OpiMetierHook
from ecandidat_batches.jobs import async_opi
from ecandidat_batches.mails import outbox

env = os.environ
typ, now = env["ECB_TYP"], dt.datetime.fromisoformat(env["ECB_NOW"])
async_opi.CHUNK = int(env["ECB_CHUNK"])
conn = connect()
async_opi.run(
    conn,
    code="BATCH_ASYNC_OPI",
    typ_siscol=typ,
    opi_path=env["ECB_OPI_PATH"],
    opi_metier=OpiMetierHook() if typ == "A" else None,
    apogee=(lambda: psycopg.connect(env["ECB_APOGEE_DSN"])) if typ == "A" else None,
    concurrency=2,
    outbox_journal=outbox.FileJournal(env["ECB_JOURNAL"]),
    clock=lambda: now,
    checkpoint=KillAt(env["ECB_KILL_AT"], 1),
)
conn.close()
