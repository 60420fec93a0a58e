"""The day's reminders, recorded in the batch's mail journal with the lot that announces them.

BATCH_RELANCE_TRANSMISSION changes nothing in eCandidat's database: eCandidat has no column for this
reminder (BATCH_RELANCE_FAVO's ``tem_relance_cand`` is another reminder's), and nothing of ours is
added there. What says "reminded today" is this record, ``{"jour": day, "paires": [[id_cand, delay],
…]}``, kept under the key ``relances`` of the very value that holds the mail journal's lots
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


def _record_of(text: str | None) -> dict[str, Any]:
    """The record in a stored value ({} when there is none)."""
    if not text:
        return {}
    try:
        record = json.loads(text).get(RECORD) or {}
        record["jour"] = dt.date.fromisoformat(record["jour"]).isoformat()
        record["paires"] = [[int(i), int(n)] for i, n in record["paires"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"journal des mails illisible (relances : {exc}) : {text[:200]!r}") from exc
    return dict(record)


class RemindedJournal:
    """The batch's mail journal (``outbox.Journal``) that also keeps the day's reminders.

    :param inner: the journal itself (the Airflow Variable in a task, a file in tests).
    """

    def __init__(self, inner: outbox.Journal) -> None:
        self.inner = inner
        self._record: dict[str, Any] | None = None  # read with the first load, written with each save

    def load(self) -> str | None:
        text = self.inner.load()
        if self._record is None:
            self._record = _record_of(text)
        return text

    def save(self, text: str | None) -> None:
        if self._record is None:
            self.load()
        data = json.loads(text) if text else {"lots": []}
        data.pop(RECORD, None)
        if self._record:
            data[RECORD] = self._record
        self.inner.save(json.dumps(data) if data["lots"] or self._record else None)

    def reminded(self, day: dt.date) -> set[tuple[int, int]]:
        """The ``(id_cand, delay)`` pairs reminded on ``day`` (read now)."""
        self._record = _record_of(self.inner.load())
        if self._record.get("jour") != day.isoformat():
            return set()
        return {(i, n) for i, n in self._record["paires"]}

    def remember(self, day: dt.date, pairs: Iterable[tuple[int, int]]) -> None:
        """The record the next write keeps (the lot's announcement): ``day``'s reminded pairs."""
        found = sorted({(int(i), int(n)) for i, n in pairs})
        self._record = {"jour": day.isoformat(), "paires": [list(p) for p in found]} if found else {}

    def forget_before(self, day: dt.date) -> None:
        """Drop a record of an earlier day (the journal's lots stay; an empty journal goes)."""
        text = self.inner.load()
        record = _record_of(text)
        if record and record["jour"] != day.isoformat():
            self._record = {}
            self.save(text)
