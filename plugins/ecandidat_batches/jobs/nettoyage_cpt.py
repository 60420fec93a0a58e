"""BATCH_NETTOYAGE_CPT ("Nettoyage des comptes à minima invalides").

Deletes unvalidated accounts whose validity date has passed and that have no candidate record, and
frees their dossier numbers (``histo_num_dossier``), by chunks, each account and its number in one
statement. Accounts with a candidate are kept. The summary counts what was deleted (eCandidat counts
what it selected, kept accounts included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job, no_checkpoint
from ecandidat_batches.summary import Summary

# Times ``[ecandidat] chunk_size`` accounts per transaction: an account row and its dossier number are
# small, so 2,000 of them hold their row locks for a few tens of milliseconds.
CHUNK_FACTOR = 4


def run(
    conn: Connection,
    *,
    code: str,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Delete the invalid accounts and return the summary.

    :param code: the batch code (the DAG's id), which the summary carries.
    :param dry_run: run the same statements and roll them back (:class:`Db`).
    :param chunk: accounts deleted per transaction; by default ``[ecandidat] chunk_size`` times
        ``CHUNK_FACTOR``.
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock())
    accounts = freed = 0
    with Db(conn, dry_run=dry_run) as db:
        with db.transaction() as cur:
            kept = sqlfiles.execute(cur, "nettoyage_cpt/kept.sql", {"now": now}).fetchone()[0]
        while True:
            with db.transaction() as cur:
                params = {"now": now, "chunk": chunk}
                n, f = sqlfiles.execute(cur, "nettoyage_cpt/delete_chunk.sql", params).fetchone()
            accounts, freed = accounts + n, freed + f
            if n < chunk:
                break
            checkpoint("lot_supprime")
    summary.add(f"Nettoyage de {accounts} compte(s) à minima invalide(s) supprimé(s)")
    summary.add(f"{freed} numéro(s) de dossier libéré(s)")
    summary.add(f"{kept} compte(s) invalide(s) conservé(s) car rattaché(s) à un candidat")
    summary.count("comptes", accounts)
    summary.count("numeros_dossier", freed)
    summary.count("conserves", kept)
    return summary


JOB = Job(run=run, sql=("nettoyage_cpt/delete_chunk.sql", "nettoyage_cpt/kept.sql"), resources=("conn",))
