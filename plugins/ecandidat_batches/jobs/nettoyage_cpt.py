"""BATCH_NETTOYAGE_CPT ("Nettoyage des comptes à minima invalides").

Deletes unvalidated accounts whose validity date has passed and that have no candidate record, and
frees their dossier numbers (``histo_num_dossier``), by chunks, each account and its number in one
statement. Accounts with a candidate are kept. The summary counts what was deleted (eCandidat counts
what it selected, kept accounts included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ecandidat_batches import appdb, settings
from ecandidat_batches.jobs import no_checkpoint
from ecandidat_batches.summary import PARIS, Summary, paris_now

CODE = "BATCH_NETTOYAGE_CPT"
# Times ``[ecandidat] chunk_size`` accounts per transaction: an account row and its dossier number are
# small, so 2,000 of them hold their row locks for a few tens of milliseconds.
CHUNK_FACTOR = 4


def run(
    conn: Any,
    *,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Delete the invalid accounts and return the summary.

    :param chunk: accounts deleted per transaction; by default ``[ecandidat] chunk_size`` times
        ``CHUNK_FACTOR``.
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(CODE, clock, dry_run=dry_run)
    now = clock().astimezone(PARIS).replace(tzinfo=None)
    with appdb.transaction(conn) as cur:
        deletable, numbers, kept = appdb.execute(cur, "nettoyage_cpt/count.sql", {"now": now}).fetchone()
    accounts, freed = deletable, numbers
    if not dry_run:
        accounts = freed = 0
        while True:
            with appdb.transaction(conn) as cur:
                params = {"now": now, "chunk": chunk}
                n, f = appdb.execute(cur, "nettoyage_cpt/delete_chunk.sql", params).fetchone()
            accounts, freed = accounts + n, freed + f
            if n < chunk:
                break
            checkpoint("lot_supprime")
    deleted, released = (
        ("seraient supprimés", "seraient libérés") if dry_run else ("supprimé(s)", "libéré(s)")
    )
    summary.add(f"Nettoyage de {accounts} compte(s) à minima invalide(s) {deleted}")
    summary.add(f"{freed} numéro(s) de dossier {released}")
    summary.add(f"{kept} compte(s) invalide(s) conservé(s) car rattaché(s) à un candidat")
    summary.count("comptes", accounts)
    summary.count("numeros_dossier", freed)
    summary.count("conserves", kept)
    return summary
