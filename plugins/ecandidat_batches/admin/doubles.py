"""The page's warning while eCandidat's own scheduler still runs a batch that Airflow runs too.

Read from eCandidat's ``batch`` table on each display of the table, in a thread of its own and never
waited for beyond :data:`DOUBLES_TIMEOUT_S`: a database that does not answer must not hang the page,
which then shows the table with the reason the check could not be made.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

log = logging.getLogger(__name__)

#: How long the page waits for eCandidat's database before showing the table without the check.
DOUBLES_TIMEOUT_S = 5.0
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ecandidat-doubles")


def read_doubles() -> tuple[list[str], str | None]:
    """eCandidat's batches in service there that Airflow runs too, or why they could not be read."""
    from ecandidat_batches.admin import takeover
    from ecandidat_batches.db.connection import connect

    try:
        conn = connect()
        try:
            return takeover.still_in_service(takeover.read(conn)), None
        finally:
            conn.close()
    except Exception as exc:
        log.warning("eCandidat's batch table unread: %s", exc)
        return [], f"la table batch d'eCandidat n'a pas pu être lue ({str(exc)[:200]})"


def doubles() -> tuple[list[str], str | None]:
    """:func:`read_doubles`, waited for at most :data:`DOUBLES_TIMEOUT_S` (the read goes on in its
    thread)."""
    try:
        return _pool.submit(read_doubles).result(timeout=DOUBLES_TIMEOUT_S)
    except FutureTimeout:
        return [], f"la base d'eCandidat ne répond pas en {DOUBLES_TIMEOUT_S:g} s"
