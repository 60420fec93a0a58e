"""The French summary a run leaves for the history, in eCandidat's ``batch_histo`` detail style.

Each line is ``dd/MM/yyyy HH:mm:ss - text`` in Europe/Paris, as eCandidat writes them. The summary is
logged line by line as the run goes, and returned by the batch's last task (its XCom), from where the
Batches page and ``airflow tasks`` read it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from ecandidat_batches.clock import PARIS, paris_now

log = logging.getLogger(__name__)


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
        stamp = self.clock().astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")
        line = f"{stamp} - {'[simulation] ' if self.dry_run else ''}{text}"
        self.lignes.append(line)
        log.info("%s", line)

    def count(self, key: str, value: int) -> None:
        """Record a counter (rows deleted, files removed...), shown in the history."""
        self.compteurs[key] = value

    def as_dict(self) -> dict[str, Any]:
        """The JSON-serialisable form returned by the task."""
        return {
            "batch": self.code,
            "simulation": self.dry_run,
            "lignes": self.lignes,
            "compteurs": self.compteurs,
        }
