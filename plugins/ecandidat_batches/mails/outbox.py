"""Crash-safe delivery of the mails a batch's changes announce, with nothing added to eCandidat's database.

eCandidat sent each mail right after saving its change, so a crash between the two lost the mail. Here
a batch that changes candidatures writes a *lot* to the batch's journal **before it commits**: the run's
stamp (the ``dat_accept_cand`` / ``dat_cre_type_dec_cand`` it writes) and the mails its changes owe, as
``(kind, id_cand)`` pairs. Then the mail task sends them, in order, and records its progress in the
journal as it goes. So:

* a change committed always has its lot: a crash after the commit leaves the lot for the mail task,
  its retry, or the next run's mail task (which sends the older lots first);
* a lot whose change never committed (killed between the journal write and the commit) sends
  nothing: each mail is built from the database as it is, and :mod:`~ecandidat_batches.mails.candidature`
  checks the change is there (the stamp, the flag) before sending;
* a mail is sent again only when the process died after the SMTP server took it and before its
  progress was recorded: the progress is written by a background writer that always records the latest
  position (one write in flight at a time), so the mails sent during that last write (a few at 200/s)
  and the one in flight are the only duplicates possible;
* a mail announced again by a later run (the earlier run was killed before its commit, so its
  change is redone) is sent once, for the later lot;
* an attachment made at send time (the admission letter) that cannot be made: the mail goes without
  it, as eCandidat's did, and the delivery names it (the run fails at the end);
* an SMTP refusal fails that mail only: it stays in its lot and is tried again by the next delivery,
  up to :data:`MAX_ATTEMPTS` deliveries, then given up and named; the run fails at the end while a
  mail was refused. A server that cannot be reached stops the delivery: every mail left stays, no
  attempt counted, for the next delivery (the run fails and says so).

The journal is the Airflow Variable ``ecandidat_batches_mails_<CODE>`` in a task (through the Task
SDK's execution API, never the metadata database; deleted when every lot is done), a file in tests and
benchmarks. A dry run writes no lot: it lists the mails it would send.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ecandidat_batches.mails.sender import NoMailCanGoError
from ecandidat_batches.mails.templates import Mail, MailError

MAX_ATTEMPTS = 3
#: The kind of a pair a later lot announced again (its change never committed): nothing to send.
SUPERSEDED = "-"
VARIABLE_PREFIX = "ecandidat_batches_mails_"


class Journal(Protocol):
    """Where a batch's lots live between the commit and the last mail."""

    def load(self) -> str | None:
        """The stored JSON, or None when there is none."""

    def save(self, text: str | None) -> None:
        """Store the JSON (None: remove it)."""


class VariableJournal:
    """The batch's lots in an Airflow Variable, through the Task SDK (the task's execution API)."""

    def __init__(self, code: str) -> None:
        self.key = VARIABLE_PREFIX + code

    def load(self) -> str | None:
        from airflow.sdk import Variable

        value = Variable.get(self.key, default=None)
        return None if value is None else str(value)

    def save(self, text: str | None) -> None:
        from airflow.sdk import Variable

        if text is None:
            if self.load() is not None:
                Variable.delete(self.key)
        else:
            Variable.set(self.key, text, description="Mails des batches eCandidat en attente d'envoi")


class FileJournal:
    """The lots in a file, replaced atomically (a killed writer leaves the old or the new file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def save(self, text: str | None) -> None:
        if text is None:
            self.path.unlink(missing_ok=True)
            return
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, self.path)


def _lots(journal: Journal) -> list[dict[str, Any]]:
    text = journal.load()
    if not text:
        return []
    try:
        lots = json.loads(text)["lots"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"journal des mails illisible ({exc}) : {text[:200]!r}") from exc
    return list(lots)


def announce(journal: Journal, stamp: dt.datetime, mails: Sequence[tuple[str, int]], run: str = "") -> None:
    """Add a lot of mails owed by changes about to be committed with ``stamp`` (call before committing)."""
    if not mails:
        return
    lots = _lots(journal)
    if lots:  # a pair announced again: its earlier change did not commit (else not selected)
        again = {(str(kind), int(id_cand)) for kind, id_cand in mails}
        for lot in lots:
            for pair in lot["mails"]:
                if (str(pair[0]), int(pair[1])) in again:
                    pair[0] = SUPERSEDED
    lots.append({"stamp": stamp.isoformat(), "run": run, "mails": list(mails), "next": 0, "failed": {}})
    journal.save(json.dumps({"lots": lots}))


def next_stamp(journal: Journal, now: dt.datetime) -> dt.datetime:
    """``now``, or one second after the journal's latest lot: each lot's stamp is its own (a crashed
    run's lot and its rerun's never mix, even within one second)."""
    stamps = [dt.datetime.fromisoformat(lot["stamp"]) for lot in _lots(journal)]
    latest = max(stamps, default=None)
    return now if latest is None or now > latest else latest + dt.timedelta(seconds=1)


def pending(journal: Journal) -> int:
    """How many mails the journal still owes."""
    return sum(_owed(lot) for lot in _lots(journal))


def _owed(lot: dict[str, Any]) -> int:
    """The mails a lot still owes: those not tried yet (superseded ones aside), and the refused."""
    ahead = sum(1 for pair in lot["mails"][lot["next"] :] if pair[0] != SUPERSEDED)
    return ahead + len(lot["failed"])


class _Writer:
    """Records the lots' latest state in the background: one write at a time, always the latest."""

    def __init__(self, journal: Journal, lots: list[dict[str, Any]]) -> None:
        self.journal, self.lots = journal, lots
        self.lock = threading.Lock()
        self._changed = threading.Event()
        self._stop = False
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="journal-des-mails", daemon=True)
        self._thread.start()

    def snapshot(self) -> str | None:
        with self.lock:
            live = [lot for lot in self.lots if _owed(lot)]
            return json.dumps({"lots": live}) if live else None

    def changed(self) -> None:
        self._changed.set()

    def _loop(self) -> None:
        while True:
            self._changed.wait()
            self._changed.clear()
            if self._stop:
                return
            try:
                self.journal.save(self.snapshot())
            except BaseException as exc:
                self.error = exc
                return

    def close(self) -> None:
        """Stop the writer, then write the final state (raises what the writer met)."""
        self._stop = True
        self._changed.set()
        self._thread.join()
        if self.error is not None:
            raise self.error
        self.journal.save(self.snapshot())


@dataclass
class Delivery:
    """What a delivery did: counts, and each mail not sent with its reason (French)."""

    sent: int = 0
    not_sent: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)
    waiting: int = 0
    #: Why the delivery stopped before the end (the SMTP server unavailable, the sender not
    #: configured), or None.
    unavailable: str | None = None
    #: Mails sent without their deferred attachment (the letter), each with the reason.
    not_attached: list[str] = field(default_factory=list)
    #: Attachments made and sent.
    attached: int = 0


class Sender(Protocol):
    def send(self, mail: Mail) -> None: ...


def deliver(
    journal: Journal,
    build: Callable[[Sequence[tuple[str, int]], dt.datetime], list[Mail | str]],
    sender: Sender,
    *,
    chunk: int = 200,
) -> Delivery:
    """Send what the journal's lots still owe, oldest lot first, recording progress as it goes.

    :param build: the mail of each ``(kind, id_cand)`` of a lot (its stamp given), or why none is sent.
    :param sender: sends one mail, raising :class:`MailError` when the server refuses it.
    """
    report = Delivery()
    lots = _lots(journal)
    writer = _Writer(journal, lots)
    try:
        for lot in lots:
            if not _deliver_lot(lot, build, sender, report, writer, chunk):
                break
    finally:
        writer.close()
    report.waiting = sum(_owed(lot) for lot in lots)
    return report


def _deliver_lot(
    lot: dict[str, Any],
    build: Callable[[Sequence[tuple[str, int]], dt.datetime], list[Mail | str]],
    sender: Sender,
    report: Delivery,
    writer: _Writer,
    chunk: int,
) -> bool:
    """Send what one lot owes; False when the delivery must stop (the server is unavailable)."""
    stamp = dt.datetime.fromisoformat(lot["stamp"])
    todo = sorted(int(i) for i in lot["failed"]) + list(range(lot["next"], len(lot["mails"])))
    for start in range(0, len(todo), chunk):
        indices = todo[start : start + chunk]
        live = [i for i in indices if lot["mails"][i][0] != SUPERSEDED]
        pairs = [(str(lot["mails"][i][0]), int(lot["mails"][i][1])) for i in live]
        built = dict(zip(live, build(pairs, stamp), strict=True)) if live else {}
        for index in indices:
            if writer.error is not None:  # progress can no longer be recorded: stop sending
                return False
            try:
                outcome = _send(sender, built.get(index), report, lot["failed"].get(str(index)))
            except NoMailCanGoError as exc:
                report.unavailable = str(exc)
                return False
            with writer.lock:
                if outcome is None:
                    lot["failed"].pop(str(index), None)
                else:
                    lot["failed"][str(index)] = outcome
                lot["next"] = max(lot["next"], index + 1)
            writer.changed()
    return True


def _send(
    sender: Sender, mail: Mail | str | None, report: Delivery, failed: list[Any] | None
) -> list[Any] | None:
    """Send one mail; None when it is done with (sent, nothing to send, superseded), else its failure
    record; :class:`NoMailCanGoError` (server unavailable, configuration) goes up."""
    if mail is None:
        return None
    if isinstance(mail, str):
        report.not_sent.append(mail)
        return None
    mail, missing = _complete(mail)
    try:
        sender.send(mail)
    except NoMailCanGoError:
        raise
    except MailError as exc:
        attempts = (int(failed[1]) if failed else 0) + 1
        if attempts >= MAX_ATTEMPTS:
            report.given_up.append(f"{exc} (abandonné après {attempts} essais)")
            return None
        report.refused.append(str(exc))
        if missing:
            report.not_attached.append(missing)
        return [str(exc), attempts]
    report.sent += 1
    if missing:
        report.not_attached.append(missing)
    else:
        report.attached += len(mail.attachments)
    return None


def _complete(mail: Mail) -> tuple[Mail, str | None]:
    """The mail with its deferred attachment made; when it cannot be, the mail without it and why."""
    if mail.deferred is None:
        return mail, None
    try:
        attachment = mail.deferred.build()
    except Exception as exc:  # whatever failed (template, image, LibreOffice), the mail still goes
        return dataclasses.replace(
            mail, deferred=None
        ), f"{mail.about} : {mail.deferred.name} non jointe : {exc}"
    return dataclasses.replace(mail, deferred=None, attachments=(*mail.attachments, attachment)), None
