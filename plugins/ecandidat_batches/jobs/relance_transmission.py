"""BATCH_RELANCE_TRANSMISSION: remind the candidates whose candidature is not transmitted yet.

Not an eCandidat batch: eCandidat's users asked for it (esup-ecandidat issues #64 and #66), so that
commissions do not find their lists empty a month into the campaign because files were left "en
attente". Each day, one SELECT (``relance_transmission/due.sql``) finds the candidatures of the active
campaign, not cancelled, in eCandidat's "en attente" status and never transmitted, of the formations
concerned, whose return deadline (eCandidat's ``getDateRetourCandidat``) is exactly today + N days for
a delay N of the settings (:mod:`ecandidat_batches.relance.reglages`). A missed day is not caught up,
as BATCH_RELANCE_FAVO: the summary says how many were due that day.

Nothing changes in eCandidat's database: the reminders are announced in the batch's mail journal
together with the day's record of who was reminded (:mod:`ecandidat_batches.relance.journal`), one
write; a rerun the same day reminds nobody twice, a candidature reminded at 7 days is reminded again at
2. The mail task (:func:`send`, the DAG's next task) builds and sends them
(:mod:`ecandidat_batches.relance.builder`) through the journal (:mod:`ecandidat_batches.mails.outbox`):
a crash loses none. A dry run writes nothing and lists the mails.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.clock import DATE, paris_now, wall_clock
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import reading
from ecandidat_batches.jobs import Job, no_checkpoint
from ecandidat_batches.jobs.confirmation import deliver
from ecandidat_batches.mails import candidature, outbox
from ecandidat_batches.relance import builder, reglages
from ecandidat_batches.relance.builder import ReminderBuilder
from ecandidat_batches.relance.journal import RemindedJournal
from ecandidat_batches.summary import BatchFailedError, Summary

_PREVIEW_LINES = 200


def _settings(read: Callable[[], str | None], summary: Summary) -> reglages.Reglages:
    """The stored settings; unreadable ones fail the run before any mail, saying why."""
    try:
        return reglages.parse_stored(read())
    except reglages.ReglagesError as exc:
        summary.add(f"Réglages illisibles : {exc}")
        raise BatchFailedError("Réglages de la relance illisibles, aucune relance", summary) from None


def _date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def run(
    conn: Connection,
    *,
    code: str,
    outbox_journal: outbox.Journal | None = None,
    own_run: tuple[str, str] | None = None,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
    read_reglages: Callable[[], str | None] = reglages.read_variable,
) -> Summary:
    """Announce today's reminders in the journal (a dry run lists them); the summary.

    :param outbox_journal: the batch's mail journal (required unless ``dry_run``; a dry run reads in
        it who was reminded today).
    :param checkpoint: called at named points (the crash tests kill the process there).
    :param read_reglages: the stored settings (the Airflow Variable in a task).
    """
    if outbox_journal is None and not dry_run:
        raise ValueError(f"{code} : un journal des mails est nécessaire (outbox_journal)")
    summary = Summary(code, clock, dry_run=dry_run)
    reg = _settings(read_reglages, summary)
    journal = RemindedJournal(outbox_journal) if outbox_journal is not None else None
    now = wall_clock(clock()).replace(microsecond=0)
    if journal is not None and not dry_run:
        now = outbox.next_stamp(journal, now)
    today = now.date()
    delay_of = {today + dt.timedelta(days=n): n for n in reg.delais}
    summary.add(f"Lancement batch {code} : {reg.libelle()}")
    with reading(conn) as cur:
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": today, "typ_siscol": settings.siscol_type()}
        ).fetchone()
        if row is None:
            summary.add("Aucune campagne active : aucune candidature à relancer")
            summary.count("candidatures_dues", 0)
            return summary
        if reg.formations:
            _unknown_formations(cur, reg.formations, summary)
        params = {
            "id_camp": row[0],
            "all_formations": not reg.formations,
            "formations": list(reg.formations),
            "deadlines": sorted(delay_of),
        }
        found = sqlfiles.execute(cur, "relance_transmission/due.sql", params).fetchall()
        due = [(int(id_cand), delay_of[_date(deadline)]) for id_cand, deadline in found]
        checkpoint("selected")
        reminded = journal.reminded(today) if journal is not None else set()
        new = [pair for pair in due if pair not in reminded]
        mails = [(reglages.KIND, id_cand) for id_cand, _delay in new]
        _report_due(due, len(due) - len(new), reg, today, summary)
        summary.count("relances", len(new))
        summary.count("mails_annonces", len(mails))
        if dry_run:
            _preview(cur, mails, now, reg, summary)
    if not dry_run:
        assert journal is not None
        if mails:
            journal.remember(today, reminded | set(new))
            outbox.announce(journal, now, mails, run=own_run[1] if own_run else "")
            checkpoint("announced")
            summary.add(f"{len(mails)} mail(s) à envoyer par la tâche d'envoi")
        else:
            journal.forget_before(today)
    return summary


def _unknown_formations(cur: Any, codes: tuple[str, ...], summary: Summary) -> None:
    """Name the configured codes eCandidat does not have (a typo relaunches nobody: say it)."""
    found = sqlfiles.execute(cur, "relance_transmission/formations.sql", {"formations": list(codes)})
    known = {str(r[0]) for r in found.fetchall()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        shown = ", ".join(unknown[:20]) + (f" … (+{len(unknown) - 20})" if len(unknown) > 20 else "")
        summary.add(f"Formation(s) des réglages inconnue(s) dans eCandidat : {shown}")
    summary.count("formations_inconnues", len(unknown))


def _report_due(
    due: list[tuple[int, int]], again: int, reg: reglages.Reglages, today: dt.date, summary: Summary
) -> None:
    per_delay = Counter(delay for _id, delay in due)
    for delay in reg.delais:
        deadline = (today + dt.timedelta(days=delay)).strftime(DATE)
        summary.add(
            f"À {delay} jour(s) de la date limite (le {deadline}) : {per_delay[delay]} candidature(s) "
            "non transmise(s)"
        )
        summary.count(f"dues_j{delay}", per_delay[delay])
    if again:
        summary.add(
            f"{again} déjà relancée(s) aujourd'hui par une exécution précédente : pas de nouveau mail"
        )
    summary.count("candidatures_dues", len(due))
    summary.count("deja_relancees", again)
    summary.add(
        f"Fin batch BATCH_RELANCE_TRANSMISSION : {len(due) - again} candidature(s) relancée(s), "
        f"{len(due)} due(s) aujourd'hui (un jour manqué n'est pas rattrapé)"
    )


def _preview(
    cur: Any, mails: list[tuple[str, int]], now: dt.datetime, reg: reglages.Reglages, summary: Summary
) -> None:
    """The mails a real run would send, built as the mail task builds them."""
    for built in ReminderBuilder(cur=cur, template=reg.template()).build(mails[:_PREVIEW_LINES], now):
        if isinstance(built, str):
            summary.add(f"Mail non envoyé : {built}")
        else:
            summary.add(f"Mail {built.cod_mail} à {', '.join(built.to)} ({built.about}) : {built.subject}")
    if len(mails) > _PREVIEW_LINES:
        summary.add(f"… et {len(mails) - _PREVIEW_LINES} autre(s) mail(s)")


def send(
    conn: Connection,
    *,
    code: str,
    outbox_journal: outbox.Journal,
    mail_sender: outbox.Sender,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
    read_reglages: Callable[[], str | None] = reglages.read_variable,
) -> Summary:
    """Send what the journal owes (this run's reminders and any an earlier run left), with the
    settings' template as it is now; the summary. A dry run sends nothing.

    :raises MailsNotSentError: at the end, when the SMTP server refused mails (kept for the next
        delivery, up to :data:`~ecandidat_batches.mails.outbox.MAX_ATTEMPTS`).
    """
    summary = Summary(code, clock, dry_run=dry_run)
    if dry_run:
        summary.add("Aucun mail envoyé (simulation)")
        return summary
    template = _settings(read_reglages, summary).template()
    return deliver(
        RemindedJournal(outbox_journal), ReminderBuilder(conn, template=template), mail_sender, summary
    )


JOB = Job(
    run=run,
    sql=(
        "campagne/active.sql",
        "relance_transmission/due.sql",
        "relance_transmission/formations.sql",
        *builder.SQL,
        *candidature.SQL,
    ),
    resources=("conn", "outbox_journal", "own_run"),
)
#: The mail task's job (:class:`~ecandidat_batches.operators.mails.BatchMailsOperator`'s ``job``).
SEND = Job(
    run=send, sql=(*builder.SQL, *candidature.SQL), resources=("conn", "outbox_journal", "mail_sender")
)
