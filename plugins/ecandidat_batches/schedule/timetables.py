"""The batches' timetables: eCandidat's programmation, without the run Airflow makes for a missed slot.

Airflow's own cron timetable, with ``catchup=False``, schedules the most recent past slot when a DAG
is unpaused: a batch put back in service would run at once for a slot it missed while it was out of
service, which eCandidat never did. These timetables schedule, instead, the first slot that is at
most ``tolerance`` old: a slot missed by longer than that (out of service, or every scheduler down)
is not run, and no run is created for it, so the history holds only what ran.

How it holds with a real scheduler: the DAG processor recomputes ``next_dagrun`` at every parse of
the file (``[dag_processor] min_file_process_interval``, 30 s by default), with these rules, so while a
batch is paused its next slot keeps moving forward; the tolerance covers a parse that happens just
after a slot, before the scheduler created its run. Their summary is the programmation in eCandidat's
words, so Airflow's DAG list shows what the Batches screen shows.

They are registered by the plugin (``ecandidat_batches_plugin.py``): Airflow's scheduler can only
deserialise a timetable that a plugin declares.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from airflow.sdk.timezone import coerce_datetime, convert_to_utc, utcnow
from airflow.timetables.base import DagRunInfo
from airflow.timetables.simple import NullTimetable
from airflow.timetables.trigger import CronTriggerTimetable, DeltaTriggerTimetable

if TYPE_CHECKING:
    from airflow.timetables.base import DataInterval, TimeRestriction, Timetable
    from pendulum import DateTime

#: Slots of a frequency that does not divide the day are counted from this instant (fixed, so that a
#: parse never moves them).
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class _InServiceSlots:
    """``next_dagrun_info`` that skips the slots missed by longer than the tolerance."""

    _libelle: str
    _tolerance: dt.timedelta
    if TYPE_CHECKING:  # provided by Airflow's cron and delta timetables (and overridden below)

        def _align_to_next(self, current: DateTime) -> DateTime: ...

        def _get_next(self, current: DateTime) -> DateTime: ...

    @property
    def summary(self) -> str:
        return self._libelle

    def next_dagrun_info(
        self,
        *,
        last_automated_data_interval: DataInterval | None,
        restriction: TimeRestriction,
    ) -> DagRunInfo | None:
        if restriction.catchup:  # never for a batch; Airflow's rule when a DAG asks for it
            info: DagRunInfo | None = super().next_dagrun_info(  # type: ignore[misc]
                last_automated_data_interval=last_automated_data_interval, restriction=restriction
            )
            return info
        candidates = [self._align_to_next(coerce_datetime(utcnow()) - self._tolerance)]
        if last_automated_data_interval is not None:
            candidates.append(self._get_next(last_automated_data_interval.end))
        if restriction.earliest is not None:
            candidates.append(self._align_to_next(restriction.earliest))
        slot = max(candidates)
        if restriction.latest is not None and restriction.latest < slot:
            return None
        return DagRunInfo.exact(slot)


def _tolerance_seconds(data: dict[str, Any]) -> dt.timedelta:
    return dt.timedelta(seconds=float(data["tolerance"]))


class BatchCronTimetable(_InServiceSlots, CronTriggerTimetable):
    """A programmation that a cron expression states, in Europe/Paris.

    :param cron: the cron expression (``programmation.Programmation.cron``).
    :param libelle: the programmation in eCandidat's words: the timetable's summary.
    :param tolerance: a slot older than this when the batch is (back) in service is not run.
    """

    def __init__(
        self, cron: str, *, timezone: Any, libelle: str, tolerance: dt.timedelta = dt.timedelta(0)
    ) -> None:
        super().__init__(cron, timezone=timezone)
        self._libelle = libelle
        self._tolerance = tolerance
        self.description = libelle

    @property
    def expression(self) -> str:
        """The cron expression, evaluated in :attr:`timezone`."""
        return self._expression

    @property
    def timezone(self) -> Any:
        return self._timezone

    def serialize(self) -> dict[str, Any]:
        return {
            **super().serialize(),
            "libelle": self._libelle,
            "tolerance": self._tolerance.total_seconds(),
        }

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> Timetable:
        from airflow._shared.timezones.timezone import parse_timezone

        return cls(
            data["expression"],
            timezone=parse_timezone(data["timezone"]),
            libelle=data["libelle"],
            tolerance=_tolerance_seconds(data),
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, BatchCronTimetable)
            and super().__eq__(other)
            and (self._libelle, self._tolerance) == (other._libelle, other._tolerance)
        )

    def __hash__(self) -> int:
        return hash((self._expression, self._libelle))


class BatchDeltaTimetable(_InServiceSlots, DeltaTriggerTimetable):
    """Every N minutes when N does not divide the day (no cron says it), every day.

    Slots are counted from a fixed instant rather than from the last run, so that they stay put
    whatever the history and however often the file is parsed.
    """

    def __init__(
        self, delta: dt.timedelta, *, libelle: str, tolerance: dt.timedelta = dt.timedelta(0)
    ) -> None:
        super().__init__(delta)
        self._libelle = libelle
        self._tolerance = tolerance
        self.description = libelle

    @property
    def _period(self) -> float:
        assert isinstance(self._delta, dt.timedelta)  # built from minutes, never a relativedelta
        return self._delta.total_seconds()

    def _steps(self, current: DateTime) -> float:
        return (
            dt.datetime.fromtimestamp(current.timestamp(), dt.UTC) - _EPOCH
        ).total_seconds() / self._period

    def _align_to_next(self, current: DateTime) -> DateTime:
        return convert_to_utc(_EPOCH + dt.timedelta(seconds=math.ceil(self._steps(current)) * self._period))

    def _align_to_prev(self, current: DateTime) -> DateTime:
        return convert_to_utc(_EPOCH + dt.timedelta(seconds=math.floor(self._steps(current)) * self._period))

    def _get_next(self, current: DateTime) -> DateTime:
        return self._align_to_next(current + dt.timedelta(microseconds=1))

    def serialize(self) -> dict[str, Any]:
        return {
            "delta": self._period,
            "libelle": self._libelle,
            "tolerance": self._tolerance.total_seconds(),
        }

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> Timetable:
        return cls(
            dt.timedelta(seconds=float(data["delta"])),
            libelle=data["libelle"],
            tolerance=_tolerance_seconds(data),
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, BatchDeltaTimetable)
            and self._delta == other._delta
            and (self._libelle, self._tolerance) == (other._libelle, other._tolerance)
        )

    def __hash__(self) -> int:
        return hash((self._delta, self._libelle))


class BatchManualTimetable(NullTimetable):
    """ "Aucun jour": launched by hand only, with the programmation's words as summary."""

    def __init__(self, libelle: str) -> None:
        self._libelle = libelle
        self.description = libelle

    @property
    def summary(self) -> str:
        return self._libelle

    def serialize(self) -> dict[str, Any]:
        return {"libelle": self._libelle}

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> Timetable:
        return cls(data["libelle"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BatchManualTimetable) and self._libelle == other._libelle

    def __hash__(self) -> int:
        return hash(self._libelle)


#: What the plugin registers, so that the scheduler can deserialise them.
TIMETABLES = (BatchCronTimetable, BatchDeltaTimetable, BatchManualTimetable)
