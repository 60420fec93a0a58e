"""Paris time, as eCandidat keeps it: the one definition of the zone, "now", and stored wall-clock time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_now() -> dt.datetime:
    """The current time in Europe/Paris, timezone-aware."""
    return dt.datetime.now(PARIS)


def wall_clock(moment: dt.datetime) -> dt.datetime:
    """``moment`` as eCandidat stores it: naive Europe/Paris wall-clock time (its JVM's ``LocalDateTime``).

    Bound as is, so the database session's time zone never shifts it (MariaDB ``datetime`` and
    PostgreSQL ``timestamp`` hold no zone).
    """
    return moment.astimezone(PARIS).replace(tzinfo=None)
