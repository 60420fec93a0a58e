"""BATCH_ASYNC_OPI: the pending OPIs of the active campaign pushed to the SI Scolarité.

Selection as eCandidat's (``opi/select.sql``): the candidates of the active campaign with a pending OPI
(``dat_passage_opi`` null), oldest first, at most ``OPI_NB_BATCH_MAX`` (0: all); for Pégase, also those
with an OPI passed today. Their data is read set-based, a chunk of candidates at a time (two queries
per chunk, whatever the number of fields).

* **Apogée**: one ``mettreajourDonneesOpi_v10`` call per candidate with all their OPIs
  (:mod:`ecandidat_batches.opi.apogee`), ``concurrency`` calls at a time (the service is the
  bottleneck); then ``IND_OPI`` and ``VOEUX_INS`` are read back through the Apogée SQL connection and
  only what they show is stamped (``dat_passage_opi``, ``cod_opi`` = Apogée's code), withdrawals with
  no wish left included. Each chunk's stamps are committed together, so a killed run resends at most
  a chunk, which Apogée's upsert on the OPI code absorbs.
* **Pégase**: the three CSV files of the day (:mod:`ecandidat_batches.opi.pegase`), each renamed into
  place once complete; then every OPI written (the day's earlier ones again) is stamped.

Where this differs from eCandidat (and why): a candidate that fails (SOAP fault, ``IND_OPI`` missing
or ambiguous, a bac year in the future, a wish Apogée does not show, a formation without Apogée
codes) is named with its reason in the summary and the run fails at the end (eCandidat logged, mailed
the admin and ended FINISH); Apogée not answering stops the run instead of trying every candidate;
for Pégase, a withdrawn pending OPI is stamped (it is absent from the files: eCandidat left it pending
and selected it every night); the files are never half-written. ``dry_run`` builds everything, calls
nothing, writes and stamps nothing. When Apogée kept another OPI code, the candidate's mail
``CANDIDATURE_MODIF_COD_OPI`` is announced in the batch's journal before the chunk's stamps commit and
sent by the DAG's mail task (:mod:`ecandidat_batches.mails.outbox`), as the candidature batches' mails.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.candidature import MODIF_COD_OPI
from ecandidat_batches.opi import apogee as opi_apogee
from ecandidat_batches.opi import pegase as opi_pegase
from ecandidat_batches.opi.apogee_db import ApogeeConnections
from ecandidat_batches.summary import BatchFailedError, Summary

log = logging.getLogger(__name__)

CHUNK = 500  # candidates read, sent and stamped together
NO_LIMIT = 2**31 - 1
_LISTED = 200  # failures and mails named in the summary


class OpiFailedError(BatchFailedError):
    """Candidates whose OPIs could not be passed: the message names them and why."""


class OpiService(Protocol):
    """What the batch needs of OpiMetier (:class:`~ecandidat_batches.hooks.opi_metier.OpiMetierHook`)."""

    def mettre_a_jour_donnees_opi(self, donnees: dict[str, Any]) -> None: ...


class Stamp(NamedTuple):
    """An OPI to mark passed, with the code the SI knows it by, if its ``dat_passage_opi`` is still
    ``seen`` (None: pending): one the candidate withdrew meanwhile (eCandidat resets the date) is left."""

    id_cand: int
    cod_opi: str | None
    seen: dt.datetime | None = None


@dataclass
class Outcome:
    """One candidate's result: what to stamp, or why nothing is."""

    candidat: Mapping[str, Any]
    stamps: list[Stamp] = field(default_factory=list)
    error: str | None = None
    unreachable: bool = False
    new_code: str | None = None  # Apogée kept another code: the candidate is owed a mail
    formations: list[str] = field(default_factory=list)
    announced: bool = False  # that mail is in the journal, for the DAG's mail task
    individu: tuple[Any, str] | None = None  # Apogée's (COD_IND_OPI, COD_OPI_INT_EPO), once verified
    passed: list[int] = field(default_factory=list)  # the OPIs verified in VOEUX_INS (not withdrawals)


def run(
    conn: Connection,
    *,
    code: str,
    opi_metier: OpiService | None = None,
    apogee: Callable[[], Any] | None = None,
    typ_siscol: str | None = None,
    opi_path: str | Path | None = None,
    concurrency: int | None = None,
    outbox_journal: outbox.Journal | None = None,
    own_run: tuple[str, str] | None = None,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = lambda _point: None,
) -> Summary:
    """Push the pending OPIs to the configured SI Scolarité; the summary.

    :param opi_metier: Apogée's OPI service (required for Apogée unless ``dry_run``).
    :param apogee: opens a DB-API connection to Apogée, for the verification (one per thread).
    :param typ_siscol: A, P or D; default ``[ecandidat] siscol_type``.
    :param opi_path: Pégase's folder; default ``[ecandidat] pegase_opi_path``.
    :param concurrency: calls to OpiMetier at once; default ``[ecandidat] opi_concurrency``.
    :param outbox_journal: where the mails ``CANDIDATURE_MODIF_COD_OPI`` are announced before their
        chunk's stamps commit (:mod:`ecandidat_batches.mails.outbox`); without one, the summary lists them.
    :param checkpoint: called at named points (the crash tests kill the process there).
    :raises OpiFailedError: at the end, when a candidate failed (the others are done).
    """
    typ = typ_siscol or settings.siscol_type()
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock()).replace(microsecond=0)
    if outbox_journal is not None and not dry_run:
        now = outbox.next_stamp(outbox_journal, now)  # this run's lots are its own
    if typ not in ("A", "P"):
        summary.add("Aucun SI Scolarité configuré (siscol_type = D) : aucune OPI à déverser")
        summary.count("candidats", 0)
        return summary
    with conn.cursor() as cur:  # the selection, into a temporary table (nothing of eCandidat's changes)
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": now.date(), "typ_siscol": typ}
        ).fetchone()
        if row is None:
            conn.rollback()
            summary.add("Aucune campagne active : aucune OPI à déverser")
            summary.count("candidats", 0)
            return summary
        limit = parametre.get_int(cur, "OPI_NB_BATCH_MAX") or NO_LIMIT
        options = {
            "prefixe": parametre.get_text(cur, "OPI_PREFIXE"),
            "with_address": parametre.get_flag(cur, "OPI_IS_UTILISE_ADR"),
            "cod_sans_bac": parametre.get_text(cur, "SCOL_SISCOL_COD_SANS_BAC"),
            "with_regime": parametre.get_flag(cur, "GEST_IS_UTILISE_REG_STU"),
        }
        year = sqlfiles.execute(cur, "opi/default_bac_year.sql", {"typ_siscol": typ}).fetchone()
        options["default_bac_year"] = str(year[0]) if year else str(now.year)
        pieces = parametre.get_flag(cur, "OPI_IS_UTILISE_PJ") and parametre.get_flag(
            cur, "TECH_IS_UTILISE_DEMAT"
        )
        sqlfiles.execute(cur, "opi/temporary.sql")
        params = {"id_camp": row[0], "today": now.date(), "with_today": typ == "P", "limit": limit}
        count, last = sqlfiles.execute(cur, "opi/select.sql", params).fetchone()
    conn.commit()
    summary.count("candidats", int(count))
    summary.add(
        f"Lancement batch de déversement des OPI ({'Apogée' if typ == 'A' else 'Pégase'}) : "
        f"{count} candidat(s) à traiter" + (f" (OPI_NB_BATCH_MAX = {limit})" if limit != NO_LIMIT else "")
    )
    if not count:
        return summary
    chunks = _chunks(conn, int(last))
    if typ == "A":
        mails = _Mails(outbox_journal, own_run[1] if own_run else "", now)
        outcomes = _apogee(conn, chunks, options, opi_metier, apogee, now, concurrency, dry_run, summary,
                           checkpoint, mails, pieces)  # fmt: skip
    else:
        outcomes = _pegase(conn, chunks, now, opi_path, dry_run, summary, checkpoint)
    return _report(outcomes, summary)


def _chunks(conn: Any, last: int) -> Iterator[list[tuple[dict[str, Any], list[dict[str, Any]]]]]:
    """Each chunk's candidates with their OPIs, read in a short transaction of its own."""
    for first in range(1, last + 1, CHUNK):
        bounds = {"first": first, "last": first + CHUNK - 1}
        with conn.cursor() as cur:
            candidats = sqlfiles.execute_dicts(cur, "opi/candidats.sql", bounds)
            opis: dict[int, list[dict[str, Any]]] = {}
            for opi in sqlfiles.execute_dicts(cur, "opi/voeux.sql", bounds):
                opis.setdefault(int(opi["id_candidat"]), []).append(opi)
        conn.rollback()
        yield [(c, opis.get(int(c["id_candidat"]), [])) for c in candidats]


def _stamp(
    conn: Any, stamps: Sequence[Stamp], now: dt.datetime, pieces: Sequence[dict[str, Any]] = ()
) -> None:
    """Mark these OPIs passed, and record their pieces for BATCH_ASYNC_OPI_PJ, in one transaction."""
    if not stamps:
        return
    rows = [s._asdict() | {"now": now, "was_pending": s.seen is None} for s in stamps]
    with Db(conn).transaction() as cur:
        sqlfiles.execute_many(cur, "opi/stamp.sql", rows)
        sqlfiles.execute_many(cur, "opi_pj/create.sql", pieces)


def _pieces(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    """The OPIs passed in this chunk whose pieces go to Apogée (eCandidat's traiteListOpiPjCandidat)."""
    return [
        {
            "id_cand": id_cand,
            "cod_opi": o.individu[1],
            "existing": o.individu[1],
            "cod_ind_opi": str(o.individu[0]),
        }
        for o in outcomes
        if o.individu is not None
        for id_cand in o.passed
    ]


# -- Apogée ------------------------------------------------------------------------------------------

#: A candidate to send: its row, its OPIs, its payload.
_Item = tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]


def _apogee(
    conn: Any,
    chunks: Iterator[list[tuple[dict[str, Any], list[dict[str, Any]]]]],
    options: dict[str, Any],
    service: OpiService | None,
    apogee: Callable[[], Any] | None,
    now: dt.datetime,
    concurrency: int | None,
    dry_run: bool,
    summary: Summary,
    checkpoint: Callable[[str], None],
    mails: _Mails,
    pieces: bool,
) -> list[Outcome]:
    workers = max(1, concurrency or settings.opi_concurrency())
    readers = ApogeeConnections(apogee) if apogee is not None else None
    send: Callable[[_Item], Outcome] | None = None
    if not dry_run:
        if service is None or readers is None:
            raise ValueError("Apogée : le service OpiMetier et la connexion Apogée sont nécessaires")
        send = functools.partial(
            _send, prefixe=options["prefixe"], service=service, readers=readers, stop=threading.Event()
        )
    reported: list[Outcome] = []
    sent = 0
    try:
        with ThreadPoolExecutor(workers, thread_name_prefix="opi") as pool:
            for chunk in chunks:
                todo: list[_Item] = []
                for candidat, opis in chunk:
                    if all(o["dat_passage_opi"] is not None for o in opis):
                        continue  # eCandidat: nothing pending, nothing sent
                    error = opi_apogee.bac_year_error(candidat, now.date())
                    if error:
                        reported.append(Outcome(candidat, error=error))
                        continue
                    try:
                        todo.append((candidat, opis, opi_apogee.payload(candidat, opis, **options)))
                    except Exception as exc:  # bad data of this candidate: named, the others go on
                        reported.append(
                            Outcome(candidat, error=f"données invalides : {type(exc).__name__}: {exc}")
                        )
                if send is None:  # dry run
                    sent += len(todo)
                    continue
                outcomes = list(pool.map(send, todo))
                mails.announce(outcomes)  # before the stamps commit: a mail is never lost
                checkpoint("announced")
                _stamp(
                    conn, [s for o in outcomes for s in o.stamps], now, _pieces(outcomes) if pieces else []
                )
                checkpoint("stamped")
                sent += sum(1 for o in outcomes if not o.unreachable)
                reported += [o for o in outcomes if o.error or o.new_code]
                passed = sum(len(o.stamps) for o in outcomes)
                summary.add(f"Déversement de {sent} candidat(s), {passed} OPI passée(s) dans ce lot")
                if any(o.unreachable for o in outcomes):  # OpiMetier down: the next chunks are not tried
                    summary.add("OpiMetier injoignable : les candidats suivants ne sont pas envoyés")
                    break
    finally:
        if readers is not None:
            readers.close()
    summary.count("candidats_envoyes", sent)
    if dry_run:
        summary.add(f"{sent} candidat(s) seraient envoyés à Apogée (OpiMetier)")
    return reported


def _send(
    item: _Item,
    *,
    prefixe: str,
    service: OpiService,
    readers: ApogeeConnections,
    stop: threading.Event,
) -> Outcome:
    """Call OpiMetier for one candidate, then verify in Apogée what may be stamped."""
    from ecandidat_batches.hooks.opi_metier import OpiFaultError, OpiUnreachableError

    candidat, opis, donnees = item
    outcome = Outcome(candidat)
    if stop.is_set():
        outcome.error, outcome.unreachable = "non envoyé : OpiMetier injoignable", True
        return outcome
    try:
        service.mettre_a_jour_donnees_opi(donnees)
    except OpiFaultError as exc:
        outcome.error = f"refusé par Apogée : {exc}"
        return outcome
    except OpiUnreachableError as exc:
        stop.set()  # the next calls would not be answered either
        outcome.error, outcome.unreachable = f"non envoyé : {exc}", True
        return outcome
    except Exception as exc:  # an answer zeep cannot read (a proxy's page...): this one is named
        log.exception("Appel OpiMetier %s", candidat["num_dossier_opi_cpt_min"])
        outcome.error = f"appel impossible : {type(exc).__name__}: {exc}"
        return outcome
    code = opi_apogee.code_opi(prefixe, candidat)
    etat_civil = donnees["individu"]["etatCivil"]
    ine, cle = opi_apogee.split_nne(etat_civil.get("codNneIndOpi"))
    try:
        found = readers.query("opi/apogee/ind_opi.sql", {
            "cod_opi_int_epo": code, "cod_etu_opi": opi_apogee.cod_etu(candidat),
            "cod_nne": ine, "cod_cle_nne": cle,
        }) or readers.query("opi/apogee/ind_opi_by_name.sql", {
            "lib_nom_pat": etat_civil.get("libNomPatIndOpi"),
            "lib_pr1": etat_civil.get("libPr1IndOpi"),
            "date_nai": candidat["dat_naiss_candidat"],
        })  # fmt: skip
        cod_ind, cod_opi = opi_apogee.choose_individu([(r[0], r[1]) for r in found], code)
        voeux = readers.query("opi/apogee/voeux_ins.sql", {"cod_ind_opi": cod_ind})
        checked = opi_apogee.verify(opis, [(r[0], r[1], r[2]) for r in voeux])
    except opi_apogee.OpiVerificationError as exc:
        outcome.error = str(exc)
        return outcome
    except Exception as exc:  # the verification's database: named, this candidate resent next time
        log.exception("Vérification OPI %s", code)
        outcome.error = f"vérification impossible dans Apogée : {type(exc).__name__}: {exc}"
        return outcome
    outcome.individu = (cod_ind, cod_opi)
    by_id = {int(o["id_cand"]): o for o in opis}
    outcome.passed = checked.passed
    outcome.stamps = [Stamp(i, cod_opi) for i in checked.passed]
    outcome.stamps += [Stamp(i, by_id[i]["cod_opi"]) for i in checked.withdrawn]
    if checked.passed and cod_opi.upper() != code.upper():
        outcome.new_code = cod_opi
        outcome.formations = [str(by_id[i]["lib_form"]) for i in checked.passed]
    if checked.missing:
        outcome.error = "non vérifié : " + ", ".join(checked.missing)
    return outcome


class _Mails:
    """The mails ``CANDIDATURE_MODIF_COD_OPI`` a chunk owes, announced in the batch's journal."""

    def __init__(self, journal: outbox.Journal | None, run: str, stamp: dt.datetime) -> None:
        self.journal, self.run, self.stamp = journal, run, stamp
        self.announced = 0

    def announce(self, outcomes: Sequence[Outcome]) -> None:
        owed = [(MODIF_COD_OPI, o.passed[0]) for o in outcomes if o.new_code and o.passed]
        if self.journal is not None and owed:
            outbox.announce(self.journal, self.stamp, owed, run=self.run)
            self.announced += len(owed)
            for o in outcomes:
                o.announced = bool(o.new_code)


# -- Pégase ------------------------------------------------------------------------------------------


def _pegase(
    conn: Any,
    chunks: Iterator[list[tuple[dict[str, Any], list[dict[str, Any]]]]],
    now: dt.datetime,
    opi_path: str | Path | None,
    dry_run: bool,
    summary: Summary,
    checkpoint: Callable[[str], None],
) -> list[Outcome]:
    where = str(opi_path or settings.pegase_opi_path())
    if not where:
        raise ValueError("Pégase : [ecandidat] pegase_opi_path (pegase.opi.path d'eCandidat) est vide")
    folder = Path(where)
    for leftover in opi_pegase.leftovers(folder):
        leftover.unlink(missing_ok=True)  # a killed run's unfinished files
    files = opi_pegase.DayFiles(folder, now.date())
    reported: list[Outcome] = []
    stamps: list[Stamp] = []
    without_address = 0
    try:
        for chunk in chunks:
            for candidat, opis in chunk:
                error = opi_apogee.bac_year_error(candidat, now.date())
                if error:
                    reported.append(Outcome(candidat, error=error))
                    continue
                if candidat["id_adr"] is None:
                    without_address += 1  # eCandidat's rule: Pégase needs the address
                    continue
                number = candidat["num_dossier_opi_cpt_min"]
                wishes = opi_pegase.wish_rows(candidat, opis)
                stamps += [Stamp(int(o["id_cand"]), number, o["dat_passage_opi"]) for o in opis
                           if _written_or_withdrawn(o)]  # fmt: skip
                unsent = [o["lib_form"] for o in opis if o["dat_passage_opi"] is None and o["tem_accept_cand"]
                          and not (o["typ_siscol"] == "P" and o["cod_pegase_form"])]  # fmt: skip
                if unsent:  # eCandidat left them pending without a word
                    reported.append(
                        Outcome(candidat, error="formation sans code Pégase : " + ", ".join(unsent))
                    )
                if not wishes:
                    continue
                files.write("candidat", opi_pegase.candidat_row(candidat))
                for wish in wishes:
                    files.write("candidature", wish)
                files.write("inscription", opi_pegase.inscription_row(candidat, wishes))
        rows = dict(files.rows)
        if dry_run or not (rows["candidat"] or files.exist()):
            files.discard()
        else:  # the day's files, or none left: header-only files replace this morning's
            paths = files.commit()
            checkpoint("files_written")
            summary.add("Fichiers écrits : " + ", ".join(str(p) for p in paths))
    except BaseException:
        files.discard()
        raise
    summary.count("candidats_fichiers", rows["candidat"])
    summary.count("voeux_fichiers", rows["candidature"])
    summary.count("sans_adresse", without_address)
    if not rows["candidat"]:
        summary.add("Aucun vœu Pégase à déverser : aucun fichier écrit")
    summary.add(
        f"{rows['candidat']} candidat(s) et {rows['candidature']} vœu(x) dans les fichiers du "
        f"{now:%d/%m/%Y}"
        + (f", {without_address} candidat(s) sans adresse ignoré(s)" if without_address else "")
    )
    if not dry_run and (rows["candidat"] or stamps):
        _stamp(conn, stamps, now)
        checkpoint("stamped")
        summary.add(f"{len(stamps)} OPI marquée(s) passée(s)")
    return reported


def _written_or_withdrawn(opi: Mapping[str, Any]) -> bool:
    """An OPI stamped after the files: its wish is in them, or it is a withdrawal still pending."""
    if opi["typ_siscol"] == "P" and opi["cod_pegase_form"] and opi["tem_accept_cand"]:
        return True
    withdrawn = opi["tem_accept_cand"] is not None and not opi["tem_accept_cand"]
    return withdrawn and opi["dat_passage_opi"] is None


# -- Report ------------------------------------------------------------------------------------------


def _report(outcomes: list[Outcome], summary: Summary) -> Summary:
    failed = [o for o in outcomes if o.error]
    mails = [o for o in outcomes if o.new_code]
    summary.count("candidats_en_erreur", len(failed))
    summary.count("mails_modif_cod_opi", len(mails))
    for o in mails[:_LISTED]:
        summary.add(
            f"Mail CANDIDATURE_MODIF_COD_OPI dû au dossier {o.candidat['num_dossier_opi_cpt_min']} "
            f"({o.candidat['mail_perso_cpt_min']}) : Apogée a gardé le code {o.new_code} pour "
            + ", ".join(o.formations)
            + (" (envoyé par la tâche d'envoi)" if o.announced else " (aucun journal de mails : non envoyé)")
        )
    for o in failed[:_LISTED]:
        summary.add(f"Erreur OPI dossier {o.candidat['num_dossier_opi_cpt_min']} : {o.error}")
    if len(failed) > _LISTED:
        summary.add(f"… et {len(failed) - _LISTED} autre(s) candidat(s) en erreur")
    summary.add(f"Fin du déversement des OPI : {len(failed)} candidat(s) en erreur")
    if failed:
        raise OpiFailedError(
            f"{len(failed)} candidat(s) dont les OPI ne sont pas passées (renvoyées au prochain lancement)",
            summary,
            last=_LISTED,
        )
    return summary


JOB = Job(
    run=run,
    sql=(
        "campagne/active.sql",
        "opi/candidats.sql",
        "opi/default_bac_year.sql",
        "opi/select.sql",
        "opi/stamp.sql",
        "opi/temporary.sql",
        "opi/voeux.sql",
        "opi_pj/create.sql",
        *parametre.SQL,
    ),
    resources=("conn", "opi_metier", "apogee", "outbox_journal", "own_run"),
)
