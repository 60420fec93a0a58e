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
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import reading, transaction
from ecandidat_batches.jobs import Job
from ecandidat_batches.mails import outbox
from ecandidat_batches.opi import outcome, pieces, to_apogee, to_pegase
from ecandidat_batches.opi.outcome import Chunk, OpiService, Outcome
from ecandidat_batches.summary import BatchFailedError, Summary

log = logging.getLogger(__name__)

CHUNK = 500  # candidates read, sent and stamped together
NO_LIMIT = 2**31 - 1
_LISTED = 200  # failures and mails named in the summary


class OpiFailedError(BatchFailedError):
    """Candidates whose OPIs could not be passed: the message names them and why."""


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
    api: Any = None,
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
    :param api: Airflow's REST API, to say when the documents recorded wait for BATCH_ASYNC_OPI_PJ out of
        service (:mod:`ecandidat_batches.opi.pieces`); without it, or when it cannot be read, that is said.
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
    with transaction(conn) as cur:  # the selection, into a temporary table (nothing of eCandidat's changes)
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": now.date(), "typ_siscol": typ}
        ).fetchone()
        if row is None:
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
        with_pieces = pieces.recorded(cur)
        sqlfiles.execute(cur, "opi/temporary.sql")
        params = {"id_camp": row[0], "today": now.date(), "with_today": typ == "P", "limit": limit}
        count, last = sqlfiles.execute(cur, "opi/select.sql", params).fetchone()
    summary.count("candidats", int(count))
    summary.add(
        f"Lancement batch de déversement des OPI ({'Apogée' if typ == 'A' else 'Pégase'}) : "
        f"{count} candidat(s) à traiter" + (f" (OPI_NB_BATCH_MAX = {limit})" if limit != NO_LIMIT else "")
    )
    if not count:
        if typ == "A" and with_pieces:
            pieces.report_unsent(conn, int(row[0]), api, summary)
        return summary
    chunks = _chunks(conn, int(last))
    if typ == "A":
        mails = to_apogee.Mails(outbox_journal, own_run[1] if own_run else "", now)
        outcomes = to_apogee.push(
            conn,
            chunks,
            options,
            opi_metier,
            apogee,
            now,
            concurrency,
            dry_run,
            summary,
            checkpoint,
            mails,
            with_pieces,
        )
    else:
        outcomes = to_pegase.write(conn, chunks, now, opi_path, dry_run, summary, checkpoint)
    if typ == "A" and with_pieces:
        pieces.report_unsent(conn, int(row[0]), api, summary)
    return _report(outcomes, summary)


def _chunks(conn: Any, last: int) -> Iterator[Chunk]:
    """Each chunk's candidates with their OPIs, read in a short transaction of its own."""
    for first in range(1, last + 1, CHUNK):
        bounds = {"first": first, "last": first + CHUNK - 1}
        with reading(conn) as cur:
            candidats = sqlfiles.execute_dicts(cur, "opi/candidats.sql", bounds)
            opis: dict[int, list[dict[str, Any]]] = {}
            for opi in sqlfiles.execute_dicts(cur, "opi/voeux.sql", bounds):
                opis.setdefault(int(opi["id_candidat"]), []).append(opi)
        yield [(c, opis.get(int(c["id_candidat"]), [])) for c in candidats]


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
        "opi/temporary.sql",
        "opi/voeux.sql",
        *outcome.SQL,
        *to_apogee.SQL,
        *pieces.SQL,
        *parametre.SQL,
    ),
    resources=("conn", "opi_metier", "apogee", "outbox_journal", "own_run", "api"),
)
