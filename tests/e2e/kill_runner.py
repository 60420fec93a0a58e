"""Run one lifecycle job in this process and SIGKILL it at the Nth passage through a checkpoint.

Usage: python kill_runner.py JOB POINT N CHUNK STORE_ROOT   (the app DB comes from AIRFLOW_CONN_ECANDIDAT_DB)
Exit 0 means the job finished before reaching the point.
"""

from __future__ import annotations

import sys

from checkpoints import KillAt

JOB, POINT, NTH, CHUNK, ROOT = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
checkpoint = KillAt(POINT, NTH)

from ecandidat_batches.db.connection import connect  # noqa: E402
from ecandidat_batches.files.stores import FileSystemStore  # noqa: E402
from ecandidat_batches.jobs import archivage, destruct_dossier, nettoyage_cpt  # noqa: E402

conn = connect()
if JOB == "destruct_dossier":
    destruct_dossier.run(
        conn, FileSystemStore(ROOT), code="BATCH_DESTRUCT_DOSSIER", chunk=CHUNK, checkpoint=checkpoint
    )
elif JOB == "archivage":
    archivage.run(conn, code="BATCH_ARCHIVAGE", chunk=CHUNK, checkpoint=checkpoint)
else:
    nettoyage_cpt.run(conn, code="BATCH_NETTOYAGE_CPT", chunk=CHUNK, checkpoint=checkpoint)
conn.close()
