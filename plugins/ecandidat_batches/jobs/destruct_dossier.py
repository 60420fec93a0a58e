"""BATCH_DESTRUCT_DOSSIER ("Destruction des dossiers archivés").

For each campaign archived more than ``SCOL_NB_JOUR_ARCHIVAGE`` days ago (365 when absent) and not yet
destroyed: delete its accounts with every dependent row, by chunks of accounts, one transaction per
chunk (``destruct_dossier/delete_accounts.sql``); their attachment files are recorded in
``fichier_fiabilisation`` in that same transaction, then removed from the file store, then forgotten.
Orphan files (candidate and gestionnaire, as eCandidat) created before the archiving go the same way;
then the campaign's folder; then the campaign is stamped destroyed. Each file is removed from the store
eCandidat keeps it in (:class:`~ecandidat_batches.files.stores.Stores`: its root by ``typ_fichier``, or CMIS).

Safety: a run killed at any point leaves whole accounts or none, and every file still on disk whose
row is gone has its ``fichier_fiabilisation`` row: each run starts by retrying those. Nothing outside
the target campaigns is touched (orphans are files no row refers to). A file the store could not
remove keeps its record, is named in the summary, and the run fails at the end (eCandidat ends
FINISH); a campaign whose folder could not be removed is not stamped, so the next run tries again.

Cost: each chunk reads the rows of its accounts through the foreign-key indexes, whatever the size of
the tables and the other campaigns. Its ids pass through the session's temporary work tables
(``work_tables.sql``), never through one value (no list, array or JSON that grows with the chunk,
whatever ``[ecandidat] chunk_size``); the records come back by pages (``pending_files.sql``), and
whether another row still uses a file's path is looked up in the paths used twice, gathered once per
run (eCandidat does not index ``fichier.file_fichier``). The orphans' search walks ``fichier`` once per
campaign. On MariaDB the run reads in READ COMMITTED, as PostgreSQL does
(:func:`~ecandidat_batches.db.dialect.read_committed`).

eCandidat's options: ``[ecandidat] destruct_files_manually`` (its
``enableDeleteFileManuallyBatchDestruct``: the accounts' files are left to the admin, their rows
go) and ``destruct_root_folder_manually`` (``enableDeleteRootFolderManuallyBatchDestruct``: the
campaign folder is kept). Differences from eCandidat: a missing campaign folder is not an error
(eCandidat then fails on every run), and a file a pending PJ OPI still refers to is not an orphan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.dialect import read_committed
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.files.stores import DryRunStore, FileStore, Stores
from ecandidat_batches.jobs import Job, no_checkpoint
from ecandidat_batches.summary import BatchFailedError, Summary

# Times ``[ecandidat] chunk_size`` accounts per transaction, each with all its rows and files.
CHUNK_FACTOR = 1
PARAM = "SCOL_NB_JOUR_ARCHIVAGE"
MAX_DAYS = 36_500
_TABLES = (
    "compte_minima",
    "candidat",
    "candidature",
    "pj_cand",
    "fichier",
    "fichier_fiabilisation",
    "enfants_candidature",
    "enfants_candidat",
    "adresse",
)


class FilesNotRemovedError(BatchFailedError):
    """Files or campaign folders stayed in their store; their records stay for the next run."""


class PendingFiles:
    """Removes recorded files (``fichier_fiabilisation``) from the store, then forgets their records.

    The records are read back by pages in id order, from where the last page stopped: the run's first
    pages are those an earlier run left (a crash, a file the store could not remove), then each
    chunk's. A path that a remaining ``fichier`` row still uses only loses its record. A file the
    store cannot remove keeps its record, for the next run (this one does not read it again).
    """

    def __init__(
        self, db: Db, stores: Stores, page: int, checkpoint: Callable[[str], None] = no_checkpoint
    ) -> None:
        self.db, self.stores, self.page, self.checkpoint = db, stores, page, checkpoint
        #: the last record read; ``last_fichier``: the highest fichier id when the run started.
        self.after, self.last_fichier = 0, 0
        self.removed = 0
        self.left = 0
        #: how many files stayed in their store, and the first of them (for the summary)
        self.failed = 0
        self.errors: list[str] = []

    def _next_page(self, cur: Cursor) -> Sequence[Sequence[Any]]:
        params = {"after": self.after, "page": self.page, "last_fichier": self.last_fichier}
        rows: Sequence[Sequence[Any]] = sqlfiles.execute(
            cur, "destruct_dossier/pending_files.sql", params
        ).fetchall()
        if rows:
            self.after = rows[-1][0]
        return rows

    def remove(self) -> int:
        """Remove the files of the records after the last one read, a page at a time, and forget
        them; return how many went."""
        removed = 0
        while True:
            with self.db.transaction() as cur:
                rows = self._next_page(cur)
            removed += self._remove(rows)
            if len(rows) < self.page:
                return removed

    def _remove(self, rows: Sequence[Sequence[Any]]) -> int:
        removed, done = 0, []
        for id_fiab, path, shared, typ_fichier, typ_stockage in rows:
            try:
                if not shared:
                    self.stores.of(typ_fichier, typ_stockage).delete(path)
                    removed += 1
                done.append(id_fiab)
            except (OSError, ValueError) as exc:
                self.failed += 1
                if len(self.errors) < ERRORS_SHOWN:
                    self.errors.append(f"{path} ({_KIND.get(typ_stockage, 'fichier')}) : {exc}")
            self.checkpoint("fichier_supprime")
        if done:
            with self.db.transaction() as cur:
                sqlfiles.execute(cur, "destruct_dossier/forget_files.sql", {"ids": done})
        self.removed += removed
        return removed

    def forget(self, cur: Cursor) -> None:
        """Forget the records after the last one read in the caller's transaction, leaving their files
        to the admin (``destruct_files_manually``): no window where a crash would leave them for a
        retry to delete."""
        while True:
            rows = self._next_page(cur)
            self.left += sum(1 for row in rows if not row[2])
            if rows:
                sqlfiles.execute(cur, "destruct_dossier/forget_files.sql", {"ids": [row[0] for row in rows]})
            if len(rows) < self.page:
                return


_KIND = {"C": "CMIS", "F": "système de fichiers"}
#: Records read and removed at a time, at most: a page of paths in memory, a page of ids in one statement.
FILES_PAGE = 1_000
#: Files not removed named in the summary, at most (all are counted).
ERRORS_SHOWN = 20


def run(
    conn: Connection,
    stores: Stores | FileStore,
    *,
    code: str,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Destroy the campaigns due and return the summary (counts per table and files).

    :param code: the batch code (the DAG's id), which the summary carries.
    :param stores: eCandidat's stores (one :class:`FileStore` stands for all of them).
    :param dry_run: run the same statements and roll them back
        (:class:`~ecandidat_batches.db.transactions.Db`); files are checked
        and counted, not removed (:class:`DryRunStore`).
    :param chunk: accounts destroyed per transaction; by default ``[ecandidat] chunk_size`` times
        ``CHUNK_FACTOR``.
    :raises FilesNotRemovedError: at the end, when a file or a campaign folder stayed (the summary in
        the message).
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock())
    stores = stores if isinstance(stores, Stores) else Stores.single(stores)
    if dry_run:
        stores = _dry(stores)
    files_manually = settings.destruct_files_manually()
    folder_manually = settings.destruct_root_folder_manually()
    folder_errors: list[str] = []
    totals = dict.fromkeys(_TABLES, 0)
    with read_committed(conn), Db(conn, dry_run=dry_run) as db:
        files = PendingFiles(db, stores, min(chunk, FILES_PAGE), checkpoint)
        with db.transaction() as cur:
            days = parametre.get_int(cur, PARAM)
            if not 0 <= days <= MAX_DAYS:
                raise ValueError(
                    f"{PARAM} = {days} : refusé, un nombre de jours entre 0 et {MAX_DAYS} est attendu "
                    "dans la table parametre."
                )
            pending = sqlfiles.execute(cur, "destruct_dossier/pending_count.sql").fetchone()[0]
            cutoff = now - dt.timedelta(days=days)
            campaigns = sqlfiles.execute(cur, "destruct_dossier/campaigns.sql", {"cutoff": cutoff}).fetchall()
            if pending or campaigns:  # most nights there is nothing to do: no work table then
                files.last_fichier = sqlfiles.execute(cur, "destruct_dossier/last_fichier.sql").fetchone()[0]
                sqlfiles.execute(cur, "destruct_dossier/work_tables.sql")
                sqlfiles.execute(cur, "destruct_dossier/paths_in_use.sql")
        try:
            if pending:
                n = files.remove()
                summary.add(f"Reprise de {pending} fichier(s) en attente de suppression : {n} supprimé(s)")
            if not campaigns:
                summary.add(f"Aucune campagne archivée depuis plus de {days} jours à détruire")
            for id_camp, cod_camp, archived in campaigns:
                summary.add(
                    f"Destruction des dossiers de la campagne {cod_camp} (archivée le {archived:%d/%m/%Y})"
                )
                _add(totals, _delete_accounts(db, files, id_camp, chunk, now, checkpoint, files_manually))
                totals["fichier"] += _delete_orphans(db, files, archived, chunk, now, checkpoint)
                if _delete_folder(stores, cod_camp, summary, folder_errors, folder_manually):
                    checkpoint("dossier_supprime")
                    with db.transaction() as cur:
                        sqlfiles.execute(cur, "destruct_dossier/stamp.sql", {"id_camp": id_camp, "now": now})
                    summary.add(f"Campagne {cod_camp} détruite")
        finally:
            if pending or campaigns:
                # the connection may be what failed: keep its error
                with contextlib.suppress(Exception), db.transaction() as cur:
                    sqlfiles.execute(cur, "destruct_dossier/drop_work_tables.sql")
    summary.add(
        f"{totals['compte_minima']} comptes, {totals['candidat']} candidats, "
        f"{totals['candidature']} candidatures, {totals['fichier']} fichiers supprimés ; "
        f"{files.removed} fichiers retirés du stockage"
    )
    if files.left:
        summary.add(
            f"{files.left} fichiers des comptes supprimés laissés dans le stockage, à supprimer à la main "
            "(destruct_files_manually)"
        )
    if files.failed:
        summary.add(
            f"{files.failed} fichier(s) non supprimé(s) du stockage, gardés dans fichier_fiabilisation "
            "(nouvel essai au prochain lancement)"
        )
    for error in files.errors:
        summary.add(f"Fichier non supprimé : {error}")
    for key, value in totals.items():
        summary.count(key, value)
    summary.count("campagnes", len(campaigns))
    summary.count("fichiers_retires", files.removed)
    summary.count("erreurs_fichiers", files.failed)
    if files_manually:
        summary.count("fichiers_laisses", files.left)
    if folder_errors:
        summary.count("erreurs_dossiers", len(folder_errors))
    if (files.failed or folder_errors) and not dry_run:
        raise FilesNotRemovedError(
            f"{files.failed} fichier(s) et {len(folder_errors)} dossier(s) de campagne non supprimés "
            "(ils restent enregistrés, le prochain lancement réessaie)",
            summary,
        )
    return summary


def _delete_folder(
    stores: Stores, cod_camp: str, summary: Summary, errors: list[str], manually: bool
) -> bool:
    """Remove the campaign's folder (unless ``destruct_root_folder_manually``); False when it stayed
    in its store (then the campaign is not stamped, the next run tries again)."""
    if manually:
        summary.add(f"Dossier {cod_camp} conservé (destruct_root_folder_manually) : à supprimer à la main")
        return True
    try:
        if stores.campaign_folders.delete_folder(cod_camp):
            summary.add(f"Dossier {cod_camp} supprimé")
        else:
            summary.add(f"Dossier {cod_camp} absent : rien à supprimer")
    except (OSError, ValueError) as exc:
        errors.append(f"dossier {cod_camp} : {exc}")
        summary.add(
            f"Dossier {cod_camp} non supprimé ({exc}) : la campagne n'est pas marquée détruite, "
            "le prochain lancement réessaiera"
        )
        return False
    return True


def _dry(stores: Stores) -> Stores:
    """The same stores, each behind one :class:`DryRunStore` (a store used twice is wrapped once)."""
    wrapped: dict[int, FileStore] = {}

    def dry(store: FileStore) -> FileStore:
        return wrapped.setdefault(id(store), DryRunStore(store))

    return Stores(
        dry(stores.candidat), dry(stores.gestionnaire), dry(stores.cmis), dry(stores.campaign_folders)
    )


def _add(totals: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        totals[key] += value


def _delete_accounts(
    db: Db,
    files: PendingFiles,
    id_camp: int,
    chunk: int,
    now: dt.datetime,
    checkpoint: Callable[[str], None],
    rows_only: bool = False,
) -> dict[str, int]:
    """Delete the campaign's accounts with every dependent row, a chunk per transaction; the counts."""
    totals: dict[str, int] = {}
    while True:
        with db.transaction() as cur:
            params = {"id_camp": id_camp, "chunk": chunk, "now": now}
            counts = sqlfiles.execute_one_dict(cur, "destruct_dossier/delete_accounts.sql", params)
            if rows_only:
                files.forget(cur)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + int(value)
        checkpoint("comptes_supprimes")
        if not rows_only:
            files.remove()
        if counts["compte_minima"] < chunk:
            return totals


def _delete_orphans(
    db: Db,
    files: PendingFiles,
    before: dt.datetime,
    chunk: int,
    now: dt.datetime,
    checkpoint: Callable[[str], None],
) -> int:
    """Record and delete the orphan files created before ``before``, a chunk per transaction, walking
    ``fichier`` in id order from where the previous chunk stopped."""
    total, after = 0, 0
    while True:
        with db.transaction() as cur:
            params = {"before": before, "chunk": chunk, "now": now, "after": after}
            count, last = sqlfiles.execute(cur, "destruct_dossier/record_orphans.sql", params).fetchone()
        n = int(count)  # MariaDB's ROW_COUNT() comes as a Decimal
        total += n
        checkpoint("orphelins_enregistres")
        files.remove()
        if n < chunk:
            return total
        after = last


JOB = Job(
    run=run,
    sql=(
        "destruct_dossier/campaigns.sql",
        "destruct_dossier/delete_accounts.sql",
        "destruct_dossier/drop_work_tables.sql",
        "destruct_dossier/forget_files.sql",
        "destruct_dossier/last_fichier.sql",
        "destruct_dossier/paths_in_use.sql",
        "destruct_dossier/pending_count.sql",
        "destruct_dossier/pending_files.sql",
        "destruct_dossier/record_orphans.sql",
        "destruct_dossier/stamp.sql",
        "destruct_dossier/work_tables.sql",
        *parametre.SQL,
    ),
    resources=("conn", "stores"),
)
