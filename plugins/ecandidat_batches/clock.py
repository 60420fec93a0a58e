"""Paris time, as eCandidat keeps and shows it: the one definition of the zone, "now", the French date
formats, and the naive wall-clock time eCandidat's columns hold."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

#: eCandidat's date and date-time formats (``dd/MM/yyyy``, ``dd/MM/yyyy HH:mm:ss``).
DATE = "%d/%m/%Y"
DATE_TIME = "%d/%m/%Y %H:%M:%S"


def paris_now() -> dt.datetime:
    """The current time in Europe/Paris, timezone-aware."""
    return dt.datetime.now(PARIS)


def wall_clock(moment: dt.datetime) -> dt.datetime:
    """``moment`` as eCandidat stores it: naive Europe/Paris wall-clock time (its JVM's ``LocalDateTime``).

    Bound as is, so the database session's time zone never shifts it (MariaDB ``datetime`` and
    PostgreSQL ``timestamp`` hold no zone).
    """
    return moment.astimezone(PARIS).replace(tzinfo=None)


def in_paris(value: dt.datetime | None, fmt: str = DATE_TIME) -> str:
    """An aware moment as Paris reads it (empty for None)."""
    return value.astimezone(PARIS).strftime(fmt) if value else ""
