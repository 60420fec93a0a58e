"""BATCH_ASYNC_OPI towards Apogée: one ``mettreajourDonneesOpi_v10`` call per candidate, ``concurrency``
at a time, then ``IND_OPI`` and ``VOEUX_INS`` read back, and only what they show stamped; the mails
``CANDIDATURE_MODIF_COD_OPI`` announced before the chunk's stamps commit."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.hooks.apogee import ApogeeConnections
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.candidature import MODIF_COD_OPI
from ecandidat_batches.opi import apogee as opi_apogee
from ecandidat_batches.opi.outcome import Chunk, OpiService, Outcome, Stamp, pieces, stamp
from ecandidat_batches.summary import Summary

log = logging.getLogger(__name__)

#: The SQL files this module runs in Apogée (a job that uses it declares them too).
SQL = ("opi/apogee/ind_opi.sql", "opi/apogee/ind_opi_by_name.sql", "opi/apogee/voeux_ins.sql")


#: A candidate to send: its row, its OPIs, its payload.
_Item = tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]


def push(
    conn: Any,
    chunks: Iterator[Chunk],
    options: dict[str, Any],
    service: OpiService | None,
    apogee: Callable[[], Any] | None,
    now: dt.datetime,
    concurrency: int | None,
    dry_run: bool,
    summary: Summary,
    checkpoint: Callable[[str], None],
    mails: Mails,
    with_pieces: bool,
) -> list[Outcome]:
    """Send each chunk's candidates, verify, stamp what Apogée shows; the candidates to report."""
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
                    except opi_apogee.OpiDataError as exc:  # this candidate's data: named, the others go on
                        reported.append(Outcome(candidat, error=f"données invalides : {exc}"))
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
                stamp(
                    conn,
                    [s for o in outcomes for s in o.stamps],
                    now,
                    pieces(outcomes) if with_pieces else [],
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


class Mails:
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
