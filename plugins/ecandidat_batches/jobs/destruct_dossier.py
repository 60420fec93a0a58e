"""BATCH_DESTRUCT_DOSSIER ("Destruction des dossiers archivés").

For each campaign archived more than ``SCOL_NB_JOUR_ARCHIVAGE`` days ago (365 when absent) and not yet
destroyed: delete its accounts with every dependent row, by chunks of accounts, one statement per
chunk (``destruct_dossier/delete_accounts.sql``); their attachment files are recorded in
``fichier_fiabilisation`` in that same statement, then removed from the file store, then forgotten.
Orphan candidate files created before the archiving go the same way; then the campaign's folder; then
the campaign is stamped destroyed.

Safety: a run killed at any point leaves whole accounts or none, and every file still on disk whose
row is gone has its ``fichier_fiabilisation`` row: each run starts by retrying those. Nothing outside
the target campaigns is touched (orphans are candidate files no row refers to). Differences from
eCandidat: a missing campaign folder is not an error (eCandidat then fails on every run), and a file
a pending PJ OPI still refers to is not an orphan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ecandidat_batches import appdb, settings
from ecandidat_batches.filestore import FileStore
from ecandidat_batches.jobs import no_checkpoint
from ecandidat_batches.summary import PARIS, Summary, paris_now

CODE = "BATCH_DESTRUCT_DOSSIER"
# Times ``[ecandidat] chunk_size`` accounts per transaction, each with all its rows and files.
CHUNK_FACTOR = 1
PARAM = "SCOL_NB_JOUR_ARCHIVAGE"
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


class PendingFiles:
    """Removes recorded files (``fichier_fiabilisation``) from the store, then forgets their records.

    The statements that record files return the records, so a run removes them without reading the
    table back; :meth:`retry` reads it for the records an earlier run left (a crash, a file the store
    could not remove). A path that a remaining ``fichier`` row still uses only loses its record. A file
    the store cannot remove keeps its record, for the next run.
    """

    def __init__(
        self, conn: Any, store: FileStore, chunk: int, checkpoint: Callable[[str], None] = no_checkpoint
    ) -> None:
        self.conn, self.store, self.chunk, self.checkpoint = conn, store, chunk, checkpoint
        self.removed = 0
        self.errors: list[str] = []

    def remove(self, records: Iterable[Sequence[Any]] | None) -> int:
        """Remove the files of ``[id, path, shared]`` records and forget them; return how many went."""
        removed, done = 0, []
        for id_fiab, path, shared in records or ():
            try:
                if not shared:
                    self.store.delete(path)
                    removed += 1
                done.append(id_fiab)
            except (OSError, ValueError) as exc:
                self.errors.append(f"{path} : {exc}")
            self.checkpoint("fichier_supprime")
        if done:
            with appdb.transaction(self.conn) as cur:
                appdb.execute(cur, "destruct_dossier/forget_files.sql", {"ids": done})
        self.removed += removed
        return removed

    def retry(self) -> int:
        """Remove the files recorded before this run, by chunks in id order; return how many went."""
        removed, after = 0, 0
        while True:
            with appdb.transaction(self.conn) as cur:
                rows = appdb.execute(
                    cur, "destruct_dossier/pending_files.sql", {"after": after, "chunk": self.chunk}
                ).fetchall()
            if not rows:
                return removed
            removed += self.remove(rows)
            after = rows[-1][0]


def run(
    conn: Any,
    store: FileStore,
    *,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Destroy the campaigns due and return the summary (counts per table and files).

    :param chunk: accounts destroyed per transaction; by default ``[ecandidat] chunk_size`` times
        ``CHUNK_FACTOR``.
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(CODE, clock, dry_run=dry_run)
    now = clock().astimezone(PARIS).replace(tzinfo=None)
    with appdb.transaction(conn) as cur:
        days = appdb.get_int(cur, PARAM)
        pending = appdb.execute(cur, "destruct_dossier/pending_count.sql").fetchone()[0]
        campaigns = appdb.execute(
            cur, "destruct_dossier/campaigns.sql", {"days": days, "now": now}
        ).fetchall()
    totals = dict.fromkeys(_TABLES, 0)
    files = PendingFiles(conn, store, chunk, checkpoint)
    if pending and not dry_run:
        n = files.retry()
        summary.add(f"Reprise de {pending} fichier(s) en attente de suppression : {n} supprimé(s)")
    elif pending:
        summary.add(f"{pending} fichier(s) en attente de suppression seraient repris")
    if not campaigns:
        summary.add(f"Aucune campagne archivée depuis plus de {days} jours à détruire")
    for id_camp, cod_camp, archived in campaigns:
        summary.add(f"Destruction des dossiers de la campagne {cod_camp} (archivée le {archived:%d/%m/%Y})")
        if dry_run:
            with appdb.transaction(conn) as cur:
                counts = appdb.execute_one_dict(
                    cur, "destruct_dossier/count_campaign.sql", {"id_camp": id_camp}
                )
                orphans = appdb.execute(
                    cur, "destruct_dossier/count_orphans.sql", {"before": archived}
                ).fetchone()[0]
            for key, value in counts.items():
                totals[key] += value
            totals["fichier"] += orphans
            summary.add(
                f"{counts['compte_minima']} comptes, {counts['candidature']} candidatures, "
                f"{counts['fichier']} fichiers et {orphans} fichiers orphelins seraient supprimés"
            )
            continue
        while True:
            with appdb.transaction(conn) as cur:
                params = {"id_camp": id_camp, "chunk": chunk, "now": now}
                counts = appdb.execute_one_dict(cur, "destruct_dossier/delete_accounts.sql", params)
            recorded = counts.pop("recorded")
            for key, value in counts.items():
                totals[key] += value
            checkpoint("comptes_supprimes")
            files.remove(recorded)
            if counts["compte_minima"] < chunk:
                break
        while True:
            with appdb.transaction(conn) as cur:
                n, recorded = appdb.execute(
                    cur,
                    "destruct_dossier/record_orphans.sql",
                    {"before": archived, "chunk": chunk, "now": now},
                ).fetchone()
            totals["fichier"] += n
            checkpoint("orphelins_enregistres")
            files.remove(recorded)
            if n < chunk:
                break
        if store.delete_folder(cod_camp):
            summary.add(f"Dossier {cod_camp} supprimé")
        else:
            summary.add(f"Dossier {cod_camp} absent : rien à supprimer")
        checkpoint("dossier_supprime")
        with appdb.transaction(conn) as cur:
            appdb.execute(cur, "destruct_dossier/stamp.sql", {"id_camp": id_camp, "now": now})
        summary.add(f"Campagne {cod_camp} détruite")
    if not dry_run:
        summary.add(
            f"{totals['compte_minima']} comptes, {totals['candidat']} candidats, "
            f"{totals['candidature']} candidatures, {totals['fichier']} fichiers supprimés ; "
            f"{files.removed} fichiers retirés du stockage"
        )
    for error in files.errors[:20]:
        summary.add(f"Fichier non supprimé (nouvel essai au prochain lancement) : {error}")
    for key, value in totals.items():
        summary.count(key, value)
    summary.count("campagnes", len(campaigns))
    summary.count("fichiers_retires", files.removed)
    summary.count("erreurs_fichiers", len(files.errors))
    return summary
