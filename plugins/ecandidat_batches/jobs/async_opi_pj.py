"""BATCH_ASYNC_OPI_PJ: the OPIs' documents (PJ OPI) pushed to Apogée.

As eCandidat's ``OpiController.launchBatchAsyncOPIPj``: the ``pj_opi`` rows of the active campaign's
candidates not sent yet (``dat_deversement`` null), by chunks in key order. For each: a row whose file
is gone (its ``fichier`` row, or the stored file in eCandidat's file store, file system or CMIS) is
deleted; otherwise the document is read (one at a time per call in flight, never a campaign's files
in memory) and sent through Apogée's PjOpiMetier service (``recupererPiecesJustificativesOPIWS``),
``concurrency`` calls at a time; when Apogée's document folder is known (``[ecandidat]
apogee_pj_root``), the document is looked for there (``<COD_IND_OPI>_OPI/PJ_<piece>_<COD_IND_OPI>.*``,
eCandidat's layout): found, ``dat_deversement`` is set; missing, its ``OPI_PJ`` row is removed in
Apogée and the row left for the next run, counted as an error. Each chunk's changes are committed
together. "N PJ OPI, dont E erreur(s)" every chunk and at the end; the run fails at the end when a
document failed, naming each (eCandidat counted them and ended FINISH). Only for Apogée: Pégase has no
documents service. ``dry_run`` reads and checks the files, sends and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import Db, reading
from ecandidat_batches.files.stores import FileSystemStore, Stores
from ecandidat_batches.hooks.apogee import ApogeeConnections
from ecandidat_batches.jobs import Job
from ecandidat_batches.opi.apogee import clean_ws
from ecandidat_batches.summary import BatchFailedError, Summary

log = logging.getLogger(__name__)

CHUNK = 200  # documents read, sent and recorded together
_KEY = ("cod_opi", "cod_apo_pj")  # pj_opi's primary key
_LISTED = 200


class PjOpiFailedError(BatchFailedError):
    """Documents that could not be sent or were not found on the SI: the message names them."""


class PjService(Protocol):
    """What the batch needs of PjOpiMetier (:class:`~ecandidat_batches.hooks.opi_metier.PjOpiMetierHook`)."""

    def recuperer_pieces_justificatives(
        self, cod_opi: str, nom: str, prenom: str, cod_apo_pj: str, nom_fichier: str, fichier: bytes
    ) -> None: ...


@dataclass
class Result:
    """One document's outcome: ``sent`` (stamp), ``gone`` (delete the row) or an error."""

    row: Mapping[str, Any]
    sent: bool = False
    gone: bool = False
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.row['cod_opi']}/{self.row['cod_apo_pj']}"


def run(
    conn: Connection,
    *,
    code: str,
    stores: Stores,
    pj_service: PjService | None = None,
    apogee: Callable[[], Any] | None = None,
    apogee_pj_root: str | Path | None = None,
    typ_siscol: str | None = None,
    concurrency: int | None = None,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = lambda _point: None,
) -> Summary:
    """Send the active campaign's pending PJ OPI to Apogée; the summary.

    :param stores: eCandidat's file stores (where the documents are).
    :param pj_service: Apogée's PjOpiMetier (required unless ``dry_run``).
    :param apogee: opens a DB-API connection to Apogée, to remove an ``OPI_PJ`` row the SI does not show.
    :param apogee_pj_root: Apogée's document folder; default ``[ecandidat] apogee_pj_root`` (empty: no check).
    :raises PjOpiFailedError: at the end, when a document failed (the others are done).
    """
    typ = typ_siscol or settings.siscol_type()
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock()).replace(microsecond=0)
    if typ != "A":
        summary.add("Les PJ OPI ne concernent qu'Apogée (siscol_type = A) : rien à déverser")
        summary.count("pj_opi", 0)
        return summary
    if not dry_run and pj_service is None:
        raise ValueError("Apogée : le service PjOpiMetier est nécessaire")
    with reading(conn) as cur:
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": now.date(), "typ_siscol": typ}
        ).fetchone()
    if row is None:
        summary.add("Aucune campagne active : aucune PJ OPI à déverser")
        summary.count("pj_opi", 0)
        return summary
    root = str(apogee_pj_root if apogee_pj_root is not None else settings.apogee_pj_root())
    _check_mounts(stores, root)
    readers = ApogeeConnections(apogee) if apogee is not None else None
    each = functools.partial(
        _one, stores=stores, service=pj_service, readers=readers, root=Path(root) if root else None,
        dry_run=dry_run, stop=threading.Event(),
    )  # fmt: skip
    summary.add(
        "Lancement batch, déversement des PJ OPI" + ("" if root else " (sans vérification sur le SI)")
    )
    failed: list[Result] = []
    done = errors = gone = sent = 0
    after = {"after_opi": "", "after_pj": ""}
    try:
        with ThreadPoolExecutor(max(1, concurrency or settings.opi_concurrency()), "pjopi") as pool:
            while True:
                params = {"id_camp": row[0], "chunk": CHUNK, **after}
                with reading(conn) as cur:
                    rows = sqlfiles.execute_dicts(cur, "opi_pj/pending.sql", params)
                if not rows:
                    break
                after = {"after_opi": rows[-1]["cod_opi"], "after_pj": rows[-1]["cod_apo_pj"]}
                results = list(pool.map(each, rows))
                if not dry_run:
                    _record(conn, results, now)
                    checkpoint("recorded")
                done += len(results)
                sent += sum(r.sent for r in results)
                gone += sum(r.gone for r in results)
                failed += [r for r in results if r.error]
                errors = len(failed)
                summary.add(f"Déversement de {done} PJ OPI, dont {errors} erreur(s)")
    finally:
        if readers is not None:
            readers.close()
    summary.count("pj_opi", done)
    summary.count("pj_opi_envoyees", sent)
    summary.count("pj_opi_supprimees", gone)
    summary.count("pj_opi_en_erreur", errors)
    if gone:
        summary.add(f"{gone} PJ OPI dont le fichier n'existe plus, supprimée(s)")
    for r in failed[:_LISTED]:
        summary.add(f"Erreur PJ OPI {r.name} (candidat {r.row['id_candidat']}) : {r.error}")
    summary.add(f"Fin batch, déversement de {done} PJ OPI, dont {errors} erreur(s)")
    if failed:
        raise PjOpiFailedError(
            f"{errors} PJ OPI non déversée(s) (renvoyées au prochain lancement)", summary, last=_LISTED
        )
    return summary


def _one(
    row: Mapping[str, Any],
    *,
    stores: Stores,
    service: PjService | None,
    readers: ApogeeConnections | None,
    root: Path | None,
    dry_run: bool,
    stop: threading.Event,
) -> Result:
    """One document: gone, or read, sent, and looked for on the SI."""
    from ecandidat_batches.hooks.opi_metier import OpiFaultError, OpiUnreachableError

    result = Result(row)
    if row["fichier_present"] is None:
        result.gone = True
        return result
    store = stores.of(row["typ_fichier"], row["typ_stockage_fichier"])
    try:
        data = store.read(str(row["file_fichier"]))
    except FileNotFoundError:
        result.gone = True
        return result
    except Exception as exc:  # a store that cannot be read now: the row stays for the next run
        result.error = f"fichier {row['file_fichier']} illisible : {exc}"
        return result
    if dry_run or service is None:
        return result
    if stop.is_set():
        result.error = "non envoyée : PjOpiMetier injoignable"
        return result
    nom, prenom = clean_ws(row["nom_pat_candidat"]) or "", clean_ws(row["prenom_candidat"]) or ""
    try:
        service.recuperer_pieces_justificatives(
            str(row["cod_opi"]), nom, prenom, str(row["cod_apo_pj"]), str(row["nom_fichier"]), data
        )
    except OpiFaultError as exc:
        result.error = f"refusée par Apogée : {exc}"
        return result
    except OpiUnreachableError as exc:
        stop.set()
        result.error = f"non envoyée : {exc}"
        return result
    except Exception as exc:  # an answer zeep cannot read (a proxy's page...): this one is named
        log.exception("Appel PjOpiMetier %s", result.name)
        result.error = f"appel impossible : {type(exc).__name__}: {exc}"
        return result
    try:
        missing = root is not None and bool(row["cod_ind_opi"]) and not _on_si(root, row)
    except OSError as exc:
        result.error = f"vérification sur le SI impossible : {exc}"
        return result
    if missing:
        result.error = "absente du SI après l'envoi (supprimée dans Apogée, renvoyée au prochain lancement)"
        if readers is not None:
            try:
                where = {"cod_ind_opi": row["cod_ind_opi"], "cod_tpj": row["cod_apo_pj"]}
                readers.execute("opi/apogee/delete_opi_pj.sql", where)
            except Exception as exc:
                log.exception("Suppression OPI_PJ %s", result.name)
                result.error += f" ; suppression dans Apogée impossible : {exc}"
        return result
    result.sent = True
    return result


def _check_mounts(stores: Stores, root: str) -> None:
    """The folders the batch reads must be there: an unmounted share would make every file look gone
    (and its row deleted) or every document look absent from the SI (and removed there)."""
    for store in (stores.candidat, stores.gestionnaire):
        if isinstance(store, FileSystemStore) and not store.root.is_dir():
            raise FileNotFoundError(
                f"dossier des fichiers eCandidat introuvable (non monté ?) : {store.root}"
            )
    if root and not Path(root).is_dir():
        raise FileNotFoundError(
            f"[ecandidat] apogee_pj_root : dossier des PJ d'Apogée introuvable (non monté ?) : {root}"
        )


def _on_si(root: Path, row: Mapping[str, Any]) -> bool:
    """eCandidat's ``isFileCandidatureOpiExist``: a file ``PJ_<piece>_<COD_IND_OPI>.*`` (any case) in
    ``<root>/<COD_IND_OPI>_OPI``."""
    folder = root / f"{row['cod_ind_opi']}_OPI"
    prefix = f"PJ_{row['cod_apo_pj']}_{row['cod_ind_opi']}.".lower()
    return folder.is_dir() and any(p.name.lower().startswith(prefix) for p in folder.iterdir())


def _record(conn: Any, results: Sequence[Result], now: dt.datetime) -> None:
    """A chunk's stamps and deletions, in one transaction."""
    sent = [{k: r.row[k] for k in _KEY} | {"now": now} for r in results if r.sent]
    gone = [{k: r.row[k] for k in _KEY} for r in results if r.gone]
    with Db(conn).transaction() as cur:
        sqlfiles.execute_many(cur, "opi_pj/stamp.sql", sent)
        sqlfiles.execute_many(cur, "opi_pj/delete.sql", gone)


JOB = Job(
    run=run,
    sql=("campagne/active.sql", "opi_pj/delete.sql", "opi_pj/pending.sql", "opi_pj/stamp.sql"),
    resources=("conn", "stores", "pj_service", "apogee"),
)
