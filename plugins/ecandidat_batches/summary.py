"""The French summary a run leaves for the history, in eCandidat's ``batch_histo`` detail style.

Each line is ``dd/MM/yyyy HH:mm:ss - text`` in Europe/Paris, as eCandidat writes them. The summary is
logged line by line as the run goes, and returned by the batch's last task (its XCom), from where the
Batches page and ``airflow tasks`` read it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ecandidat_batches.clock import in_paris, paris_now

log = logging.getLogger(__name__)


class BatchFailedError(RuntimeError):
    """A run that did what it could and failed at the end: the one wording of a failed run, what failed
    then its summary (the failure mail and the task's log carry it whole).

    :param what: what failed, in French, without a final period.
    :param last: only the summary's last lines (a long run's).
    """

    def __init__(self, what: str, summary: Summary, *, last: int | None = None) -> None:
        lines = summary.lignes if last is None else summary.lignes[-last:]
        super().__init__(f"{what}. Résumé : " + " | ".join(lines))
        self.summary = summary


class Summary:
    """What a run did, in a few French lines plus counters.

    :param code: the batch code.
    :param clock: returns the current aware time (tests pass a fixed clock).
    :param dry_run: the run only reports what it would do.
    """

    def __init__(
        self, code: str, clock: Callable[[], dt.datetime] = paris_now, *, dry_run: bool = False
    ) -> None:
        self.code = code
        self.clock = clock
        self.dry_run = dry_run
        self.lignes: list[str] = []
        self.compteurs: dict[str, int] = {}

    def add(self, text: str) -> None:
        """Append one timestamped line (and log it)."""
        stamp = in_paris(self.clock())
        line = f"{stamp} - {'[simulation] ' if self.dry_run else ''}{text}"
        self.lignes.append(line)
        log.info("%s", line)

    def count(self, key: str, value: int) -> None:
        """Record a counter (rows deleted, files removed...), shown in the history."""
        self.compteurs[key] = value

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> Summary:
        """A summary a task returned (its XCom), to read or continue."""
        summary = cls(str(value.get("batch") or ""), dry_run=bool(value.get("simulation")))
        summary.lignes = [str(line) for line in value.get("lignes") or []]
        summary.compteurs = {str(k): int(v) for k, v in (value.get("compteurs") or {}).items()}
        return summary

    @classmethod
    def merged(cls, summaries: Iterable[Mapping[str, Any]]) -> Summary | None:
        """One run's summaries (its tasks', in the order they ended) as one: their lines in that order,
        the counters of all (a later task's counter of the same name wins); None when there is none."""
        out: Summary | None = None
        for value in summaries:
            each = cls.from_dict(value)
            if out is None:
                out = each
                continue
            out.dry_run = out.dry_run or each.dry_run
            out.lignes += each.lignes
            out.compteurs.update(each.compteurs)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The JSON-serialisable form returned by the task."""
        return {
            "batch": self.code,
            "simulation": self.dry_run,
            "lignes": self.lignes,
            "compteurs": self.compteurs,
        }
