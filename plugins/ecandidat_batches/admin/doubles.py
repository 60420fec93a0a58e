"""What the table shows of eCandidat itself: its batches in service that Airflow runs too (the doubles
warning), whether its version is newer than the one this package knows, and OPI documents waiting for
BATCH_ASYNC_OPI_PJ while it is out of service.

Read from eCandidat's database on each display of the table, in a thread of its own and never waited
for beyond :data:`DOUBLES_TIMEOUT_S`: a database that does not answer must not hang the page, which
then shows the table with the reason the check could not be made.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from ecandidat_batches.admin.batch_table import EcandidatBatch
from ecandidat_batches.db.ecandidat_version import Newer

log = logging.getLogger(__name__)

#: How long the page waits for eCandidat's database before showing the table without the check.
DOUBLES_TIMEOUT_S = 5.0
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ecandidat-doubles")


@dataclass(frozen=True)
class EcandidatView:
    """eCandidat's ``batch`` rows and newer version, or why they could not be read (``error``)."""

    rows: list[EcandidatBatch] = field(default_factory=list)
    newer: Newer | None = None
    error: str | None = None
    unsent_pieces: str | None = None


def read_ecandidat(pj_en_service: bool | None = True) -> EcandidatView:
    """eCandidat's batch table, Flyway version and OPI documents waiting, or why they could not be read.

    :param pj_en_service: BATCH_ASYNC_OPI_PJ in service here (None: no DAG).
    """
    from ecandidat_batches.admin import batch_table
    from ecandidat_batches.db.connection import connect
    from ecandidat_batches.db.ecandidat_version import newer_than_known
    from ecandidat_batches.opi.pieces import unsent_warning

    try:
        conn = connect()
        try:
            rows, newer = batch_table.read(conn), newer_than_known(conn)
            return EcandidatView(rows, newer, unsent_pieces=unsent_warning(conn, pj_en_service))
        finally:
            conn.close()
    except Exception as exc:
        log.warning("eCandidat's batch table unread: %s", exc)
        return EcandidatView(error=f"la table batch d'eCandidat n'a pas pu être lue ({str(exc)[:200]})")


def ecandidat_view(pj_en_service: bool | None = True) -> EcandidatView:
    """:func:`read_ecandidat`, waited for at most :data:`DOUBLES_TIMEOUT_S` (the read goes on in its
    thread)."""
    try:
        return _pool.submit(read_ecandidat, pj_en_service).result(timeout=DOUBLES_TIMEOUT_S)
    except FutureTimeout:
        return EcandidatView(error=f"la base d'eCandidat ne répond pas en {DOUBLES_TIMEOUT_S:g} s")
