"""BATCH_DESIST_AUTO and BATCH_RELANCE_FAVO: favourable decisions waiting for their candidate's answer.

Both select, set-based, the candidatures of the active campaign whose latest decision is a validated
favourable one that the candidate has not answered, with eCandidat's confirmation deadline
(``candidature/awaiting_confirmation.sql``), then, in one transaction:

* **BATCH_DESIST_AUTO** (``action="desist"``): those whose deadline is before today are withdrawn as
  eCandidat does (``tem_accept_cand`` false, ``dat_accept_cand``, ``user_accept_cand = 'autoDesist'``);
  each formation on the complementary list promotes as many candidatures from the head of its list
  (a new validated decision of its complementary-list type by ``autoListComp``, the new deadline,
  the answer cleared), and, with ``LC_IS_CALCUL_RANG_REEL = O``, its list's real ranks are recomputed
  (the lists ranked once by BATCH_CALCUL_RANG_LC's statement, for those formations only). Mails:
  ``CANDIDATURE_DESIST_AUTO`` to each withdrawn candidate, the decision type's mail to each promoted
  one with its admission letter when eCandidat's rules give one (made from the university's template
  when the mail is sent, :mod:`ecandidat_batches.letters`) and ``COMMISSION_ALERT_LISTE_PRINC`` to the
  commissions that asked for it.
* **BATCH_RELANCE_FAVO** (``action="relance"``): those not reminded yet whose deadline is exactly today +
  ``SCOL_NB_JOUR_RELANCE_FAVO`` get ``CANDIDATURE_RELANCE_FAVO`` and ``tem_relance_cand``; a missed
  day is not caught up (as eCandidat).

The mails are announced in the batch's journal before the commit and sent by :func:`send` (the DAG's
next task), see :mod:`ecandidat_batches.mails.outbox`. A dry run changes nothing, announces nothing, and
lists the mails with their recipient and subject, and the letter each would carry. eCandidat logged
"Batch de destruction" in BATCH_DESIST_AUTO's progress lines (a copy-paste slip): not repeated here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job
from ecandidat_batches.letters.admission import LetterMaker
from ecandidat_batches.mails import candidature, outbox
from ecandidat_batches.mails.candidature import ALERT, DESIST, PROMOTION, RELANCE, Builder
from ecandidat_batches.summary import BatchFailedError, Summary

ACTIONS = ("desist", "relance")
_PREVIEW_LINES = 200


class MailsNotSentError(BatchFailedError):
    """Mails the SMTP server refused: kept for the next delivery (the summary names them)."""


class LettersNotAttachedError(BatchFailedError):
    """Mails sent without the admission letter that could not be made (the summary names them)."""


def run(
    conn: Connection,
    *,
    code: str,
    action: str,
    outbox_journal: outbox.Journal | None = None,
    own_run: tuple[str, str] | None = None,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = lambda _point: None,
) -> Summary:
    """Withdraw (``desist``) or remind (``relance``) the candidates who did not answer; the summary.

    :param outbox_journal: where the mails are announced (required unless ``dry_run``).
    :param checkpoint: called at named points (the crash tests kill the process there).
    """
    if action not in ACTIONS:
        raise ValueError(f"action {action!r} inconnue : {', '.join(ACTIONS)}")
    if outbox_journal is None and not dry_run:
        raise ValueError(f"{code} : un journal des mails est nécessaire (outbox_journal)")
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock()).replace(microsecond=0)  # the run's stamp, to the second (as the columns)
    if outbox_journal is not None and not dry_run:
        now = outbox.next_stamp(outbox_journal, now)
    with Db(conn, dry_run=dry_run) as db, db.transaction() as cur:
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": now.date(), "typ_siscol": settings.siscol_type()}
        ).fetchone()
        if row is None:
            summary.add("Aucune campagne active : aucune candidature à traiter")
            summary.count("candidatures_analysees", 0)
            return summary
        params: dict[str, Any] = {
            "id_camp": row[0], "today": now.date(), "now": now, "not_reminded": action == "relance",
        }  # fmt: skip
        sqlfiles.execute(cur, "candidature/drop_temporary.sql")
        (waiting,) = sqlfiles.execute(cur, "candidature/awaiting_confirmation.sql", params).fetchone()
        summary.count("candidatures_analysees", int(waiting))
        summary.add(f"Lancement batch {code}, {waiting} candidatures à analyser")
        mails = _desist(cur, params, summary) if action == "desist" else _remind(cur, params, summary)
        summary.count("mails_annonces", len(mails))
        if dry_run:
            _preview(cur, mails, now, summary)
        else:
            assert outbox_journal is not None
            outbox.announce(outbox_journal, now, mails, run=own_run[1] if own_run else "")
            checkpoint("announced")
    if mails and not dry_run:
        summary.add(f"{len(mails)} mail(s) à envoyer par la tâche d'envoi")
    return summary


def _desist(cur: Any, params: dict[str, Any], summary: Summary) -> list[tuple[str, int]]:
    sqlfiles.execute(cur, "desist_auto/desist.sql", params)  # withdrawn, locked, kept in tmp_desiste
    ids = [int(r[0]) for r in sqlfiles.execute(cur, "desist_auto/withdrawn.sql").fetchall()]
    summary.count("desistements", len(ids))
    mails = [(DESIST, i) for i in ids]
    promoted: list[tuple[Any, ...]] = []
    changes = 0
    if ids:  # the lists that lost candidates, ranked; their heads promoted; the others move up
        sqlfiles.execute(cur, "desist_auto/rank_formations.sql", params)
        sqlfiles.execute(cur, "calcul_rang_lc/ranked.sql", params)
        sqlfiles.execute(cur, "desist_auto/promotions.sql", params)
        sqlfiles.execute(cur, "desist_auto/promote.sql", params)
        sqlfiles.execute(cur, "desist_auto/promoted_candidatures.sql", params)
        promoted = list(sqlfiles.execute(cur, "desist_auto/promoted.sql").fetchall())
        for id_cand, alert in promoted:
            mails.append((PROMOTION, int(id_cand)))
            if alert:
                mails.append((ALERT, int(id_cand)))
        if promoted and parametre.get_flag(cur, "LC_IS_CALCUL_RANG_REEL"):
            sqlfiles.execute(cur, "desist_auto/shift_ranks.sql")
            per_formation = sqlfiles.execute(cur, "calcul_rang_lc/per_formation.sql").fetchall()
            changes = sum(int(row[2]) for row in per_formation)
            sqlfiles.execute(cur, "calcul_rang_lc/update.sql", params)
    summary.count("passages_liste_principale", len(promoted))
    summary.count("rangs_modifies", changes)
    summary.add(f"Fin batch BATCH_DESIST_AUTO : {len(ids)} candidatures désistées automatiquement")
    if promoted:
        summary.add(
            f"{len(promoted)} candidature(s) passée(s) de la liste complémentaire à la liste principale, "
            f"{changes} rang(s) réel(s) recalculé(s)"
        )
    return mails


def _remind(cur: Any, params: dict[str, Any], summary: Summary) -> list[tuple[str, int]]:
    days = parametre.get_int(cur, "SCOL_NB_JOUR_RELANCE_FAVO")
    params["reminder_day"] = params["today"] + dt.timedelta(days=days)
    ids = sorted(int(r[0]) for r in sqlfiles.execute(cur, "relance_favo/due.sql", params).fetchall())
    sqlfiles.execute(cur, "relance_favo/remind.sql", params)
    summary.count("relances", len(ids))
    summary.add(
        f"Fin batch BATCH_RELANCE_FAVO : {len(ids)} candidatures relancées automatiquement "
        f"(date de confirmation le {params['reminder_day']:%d/%m/%Y})"
    )
    return [(RELANCE, i) for i in ids]


def _preview(cur: Any, mails: list[tuple[str, int]], now: dt.datetime, summary: Summary) -> None:
    """The mails a real run would send, built from the changes of this (rolled back) transaction."""
    builder = Builder(cur=cur)
    for built in builder.build(mails[:_PREVIEW_LINES], now):
        if isinstance(built, str):
            summary.add(f"Mail non envoyé : {built}")
        else:
            letter = f" ; avec la lettre {built.deferred.name}" if built.deferred is not None else ""
            summary.add(
                f"Mail {built.cod_mail} à {', '.join(built.to)} ({built.about}) : {built.subject}{letter}"
            )
    if len(mails) > _PREVIEW_LINES:
        summary.add(f"… et {len(mails) - _PREVIEW_LINES} autre(s) mail(s)")
    _rejected(builder, summary)


def _rejected(builder: Builder, summary: Summary) -> None:
    """The addresses the mails left out (eCandidat's REGEX_MAIL rejects them), named; counted when
    there are some (a dry run previews the mail task's)."""
    lines = builder.rejected_lines()
    if not lines:
        return
    for line in lines[:_PREVIEW_LINES]:
        summary.add(line)
    if len(lines) > _PREVIEW_LINES:
        summary.add(f"… et {len(lines) - _PREVIEW_LINES} autre(s) adresse(s) non utilisée(s)")
    summary.count("adresses_refusees", len(lines))


def send(
    conn: Connection,
    *,
    code: str,
    outbox_journal: outbox.Journal,
    mail_sender: outbox.Sender,
    letters: LetterMaker | None = None,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Send the mails the batch's journal owes (this run's and any an earlier run left); the summary.

    A dry run sends nothing (its change task listed the mails a run would send).

    :param letters: makes the admission letters (each when its mail is sent).
    :raises MailsNotSentError: at the end, when the SMTP server refused mails (kept for the next
        delivery, up to :data:`~ecandidat_batches.mails.outbox.MAX_ATTEMPTS`).
    :raises LettersNotAttachedError: at the end, when letters could not be made (their mails went
        without them, as eCandidat's did).
    """
    summary = Summary(code, clock, dry_run=dry_run)
    if dry_run:
        summary.add("Aucun mail envoyé (simulation)")
        return summary
    return deliver(outbox_journal, Builder(conn, letters=letters), mail_sender, summary, with_letters=True)


def deliver(
    journal: outbox.Journal,
    builder: Builder,
    mail_sender: outbox.Sender,
    summary: Summary,
    *,
    with_letters: bool = False,
) -> Summary:
    """Send what ``journal`` owes, each mail built by ``builder`` from the database as it is now, and
    report it in ``summary`` (the candidature batches' mail tasks share it).

    :param with_letters: the mails may carry an admission letter: the summary counts them.

    :raises MailsNotSentError: at the end, when the SMTP server refused mails (kept for the next
        delivery, up to :data:`~ecandidat_batches.mails.outbox.MAX_ATTEMPTS`).
    :raises LettersNotAttachedError: at the end, when letters could not be made (their mails went
        without them, as eCandidat's did).
    """
    report = outbox.deliver(journal, builder.build, mail_sender)
    letters = f", {report.attached} avec leur lettre d'admission" if with_letters else ""
    summary.add(f"Envoi des mails : {report.sent} envoyé(s){letters}")
    if report.unavailable:
        summary.add(f"Envoi interrompu, {report.unavailable} : {report.waiting} mail(s) gardé(s)")
    for line in report.not_sent[:_PREVIEW_LINES]:
        summary.add(f"Mail non envoyé : {line}")
    for line in (report.refused + report.given_up)[:_PREVIEW_LINES]:
        summary.add(f"Mail refusé : {line}")
    _rejected(builder, summary)
    for line in report.not_attached[:_PREVIEW_LINES]:
        summary.add(f"Mail envoyé sans sa lettre : {line}")
    summary.count("mails_envoyes", report.sent)
    summary.count("mails_sans_objet", len(report.not_sent))
    summary.count("mails_refuses", len(report.refused) + len(report.given_up))
    summary.count("mails_en_attente", report.waiting)
    if with_letters:
        summary.count("lettres_jointes", report.attached)
        summary.count("lettres_non_jointes", len(report.not_attached))
    if report.refused or report.given_up or report.unavailable:
        raise MailsNotSentError(
            f"{len(report.refused)} mail(s) refusé(s), {len(report.given_up)} abandonné(s), "
            f"{report.waiting} gardé(s) pour le prochain envoi"
            + (f" ({report.unavailable})" if report.unavailable else ""),
            summary,
            last=_PREVIEW_LINES,
        )
    if report.not_attached:
        raise LettersNotAttachedError(
            f"{len(report.not_attached)} lettre(s) d'admission non jointe(s) (mails envoyés sans elle) : "
            + " | ".join(report.not_attached[:5]),
            summary,
            last=_PREVIEW_LINES,
        )
    return summary


JOB = Job(
    run=run,
    sql=(
        "calcul_rang_lc/per_formation.sql",
        "calcul_rang_lc/ranked.sql",
        "calcul_rang_lc/update.sql",
        "campagne/active.sql",
        "candidature/awaiting_confirmation.sql",
        "candidature/drop_temporary.sql",
        "desist_auto/desist.sql",
        "desist_auto/promote.sql",
        "desist_auto/promoted.sql",
        "desist_auto/promoted_candidatures.sql",
        "desist_auto/promotions.sql",
        "desist_auto/rank_formations.sql",
        "desist_auto/shift_ranks.sql",
        "desist_auto/withdrawn.sql",
        "relance_favo/due.sql",
        "relance_favo/remind.sql",
        *parametre.SQL,
        *candidature.SQL,
    ),
    resources=("conn", "outbox_journal", "own_run"),
)
#: The mail task's job (:class:`~ecandidat_batches.operators.mails.BatchMailsOperator`).
SEND = Job(run=send, sql=candidature.SQL, resources=("conn", "outbox_journal", "mail_sender", "letters"))
