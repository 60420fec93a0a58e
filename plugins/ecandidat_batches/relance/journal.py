"""The day's reminders, recorded in the batch's mail journal with the lot that announces them.

BATCH_RELANCE_TRANSMISSION changes nothing in eCandidat's database: eCandidat has no column for this
reminder (BATCH_RELANCE_FAVO's ``tem_relance_cand`` is another reminder's), and nothing of ours is
added there. What says "reminded today" is this record, ``{"jour": day, "delais": {delay: [id_cand,
…]}}``, kept under the key ``relances`` of the very value that holds the mail journal's lots
(:mod:`ecandidat_batches.mails.outbox`, the Airflow Variable ``ecandidat_batches_mails_<CODE>``): one
write announces a lot and records its reminders, so a crash leaves both or neither. Hence:

* a rerun the same day finds its candidatures recorded and announces nothing again, whether the first
  run's mails were sent, are waiting in the journal, or were cut short by a crash (the mail task, its
  retry or the next run's sends them);
* only the current day is kept: the rule is "the deadline is exactly N days away", so a candidature
  matches a delay on one day only (unless its deadline moves), and a later day's delay is a new
  reminder.

:class:`RemindedJournal` wraps the batch's journal: the outbox reads and writes its lots through it
unchanged (it reads the key ``lots`` only), and every write keeps the record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ecandidat_batches.mails import outbox

RECORD = "relances"
_KEY = f'"{RECORD}"'


def _read(text: str | None) -> tuple[str | None, dict[int, list[int]]]:
    """The record in a stored value: its day (None when there is none) and its ids by delay."""
    if not text or _KEY not in text:
        return None, {}
    try:
        record = _last(text)
        if not record:
            return None, {}
        day = dt.date.fromisoformat(record["jour"]).isoformat()
        ids = {int(n): [int(i) for i in found] for n, found in record["delais"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"journal des mails illisible (relances : {exc}) : {text[:200]!r}") from exc
    return day, ids


def _last(text: str) -> Any:
    """The record, which :class:`RemindedJournal` writes last: only its own text is parsed (the lots
    before it may be megabytes); the whole value when it was written otherwise (by hand)."""
    head, _, tail = text.rpartition(_KEY)
    if head.endswith(", ") and tail.startswith(": ") and tail.endswith("}"):
        try:
            return json.loads(tail[2:-1])
        except ValueError:
            pass
    return json.loads(text).get(RECORD)


class RemindedJournal:
    """The batch's mail journal (``outbox.Journal``) that also keeps the day's reminders.

    The record is serialised once and added to each write as it is: the mail task writes its progress
    often, and re-encoding tens of thousands of ids each time would slow the sending down.

    :param inner: the journal itself (the Airflow Variable in a task, a file in tests).
    """

    def __init__(self, inner: outbox.Journal) -> None:
        self.inner = inner
        self._tail: str | None = None  # ``, "relances": {...}`` (or ""), read with the first load

    def _keep(self, day: str | None, ids: dict[int, list[int]]) -> None:
        record = {"jour": day, "delais": {str(n): found for n, found in sorted(ids.items())}}
        self._tail = f", {_KEY}: {json.dumps(record)}" if day and ids else ""

    def load(self) -> str | None:
        text = self.inner.load()
        if self._tail is None:
            self._keep(*_read(text))
        return text

    def save(self, text: str | None) -> None:
        if self._tail is None:
            self.load()
        assert self._tail is not None
        if text and _KEY in text:  # a stored value (not the outbox's): its old record goes
            data = json.loads(text)
            data.pop(RECORD, None)
            text = json.dumps(data) if data.get("lots") else None
        if not text:
            self.inner.save('{"lots": []' + self._tail + "}" if self._tail else None)
        else:  # the outbox's ``{"lots": [...]}``, the record added as it is
            self.inner.save(text[:-1] + self._tail + "}" if self._tail else text)

    def reminded(self, day: dt.date) -> set[tuple[int, int]]:
        """The ``(id_cand, delay)`` pairs reminded on ``day`` (read now)."""
        stored, ids = _read(self.inner.load())
        self._keep(stored, ids)
        if stored != day.isoformat():
            return set()
        return {(i, n) for n, found in ids.items() for i in found}

    def remember(self, day: dt.date, pairs: Iterable[tuple[int, int]]) -> None:
        """The record the next write keeps (the lot's announcement): ``day``'s reminded pairs."""
        ids: dict[int, set[int]] = {}
        for i, n in pairs:
            ids.setdefault(int(n), set()).add(int(i))
        self._keep(day.isoformat(), {n: sorted(found) for n, found in ids.items()})

    def forget_before(self, day: dt.date) -> None:
        """Drop a record of an earlier day (the journal's lots stay; an empty journal goes)."""
        text = self.inner.load()
        stored, _ids = _read(text)
        if stored is not None and stored != day.isoformat():
            self._tail = ""
            self.save(text)
