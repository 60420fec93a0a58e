"""The batches' timetables: no run for a slot missed while out of service, eCandidat's words as summary."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pendulum
import pytest

from ecandidat_batches.schedule.programmation import DAYS, Programmation
from ecandidat_batches.schedule.timetables import (
    BatchCronTimetable,
    BatchDeltaTimetable,
    BatchManualTimetable,
)

TOLERANCE = dt.timedelta(minutes=15)
DAILY_0350 = Programmation(jours=DAYS, heure=3, minute=50)


def paris(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="Europe/Paris").in_timezone("UTC")


def next_slot(
    timetable: object,
    now: pendulum.DateTime,
    last: pendulum.DateTime | None,
    *,
    latest: pendulum.DateTime | None = None,
) -> pendulum.DateTime | None:
    """What the scheduler (or the DAG processor's parse) computes at ``now`` after a run for ``last``."""
    from airflow.timetables.base import DataInterval, TimeRestriction

    interval = None if last is None else DataInterval(last, last)
    with mock.patch("ecandidat_batches.schedule.timetables.utcnow", return_value=now):
        info = timetable.next_dagrun_info(  # type: ignore[attr-defined]
            last_automated_data_interval=interval, restriction=TimeRestriction(None, latest, False)
        )
    return None if info is None else info.run_after


@pytest.fixture
def daily() -> BatchCronTimetable:
    return DAILY_0350.timetable(TOLERANCE)


def test_the_next_slot_follows_the_last_run(daily: BatchCronTimetable) -> None:
    # Right after the 30/11 run was created, the next one is the 01/12 slot.
    assert next_slot(daily, paris(2026, 11, 30, 3, 50, 1), paris(2026, 11, 30, 3, 50)) == paris(
        2026, 12, 1, 3, 50
    )


def test_a_parse_just_after_a_slot_keeps_it(daily: BatchCronTimetable) -> None:
    # The DAG processor parses the file 10 s after the slot, before the scheduler created its run:
    # the slot is still due (within the tolerance), not skipped.
    assert next_slot(daily, paris(2026, 11, 30, 3, 50, 10), paris(2026, 11, 29, 3, 50)) == paris(
        2026, 11, 30, 3, 50
    )


def test_a_slot_missed_by_more_than_the_tolerance_is_never_run(daily: BatchCronTimetable) -> None:
    # Out of service from the 27th to the 30th at noon: Airflow's own timetable would run the 30/11
    # 03:50 slot at once on unpause; this one waits for the 01/12 slot.
    assert next_slot(daily, paris(2026, 11, 30, 12, 0), paris(2026, 11, 27, 3, 50)) == paris(
        2026, 12, 1, 3, 50
    )


def test_a_slot_late_within_the_tolerance_still_runs(daily: BatchCronTimetable) -> None:
    # A scheduler restarted 8 minutes after the slot: eCandidat's poll loop would have run it too.
    assert next_slot(daily, paris(2026, 11, 30, 3, 58), paris(2026, 11, 29, 3, 50)) == paris(
        2026, 11, 30, 3, 50
    )


def test_a_new_batch_waits_for_its_next_slot(daily: BatchCronTimetable) -> None:
    assert next_slot(daily, paris(2026, 11, 30, 12, 0), None) == paris(2026, 12, 1, 3, 50)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (paris(2026, 3, 28, 12, 0), paris(2026, 3, 29, 3, 50)),  # the night summer time starts
        (paris(2026, 10, 24, 12, 0), paris(2026, 10, 25, 3, 50)),  # the night winter time starts
    ],
)
def test_paris_wall_clock_across_dst(
    daily: BatchCronTimetable, now: pendulum.DateTime, expected: pendulum.DateTime
) -> None:
    slot = next_slot(daily, now, paris(2026, 1, 1, 3, 50))
    assert slot == expected
    assert slot.in_timezone("Europe/Paris").strftime("%H:%M") == "03:50"


def test_end_date_stops_it(daily: BatchCronTimetable) -> None:
    assert next_slot(daily, paris(2026, 11, 30, 12, 0), None, latest=paris(2026, 11, 30, 23, 0)) is None


def test_uneven_frequency_slots_stay_put_whatever_the_parse() -> None:
    every45 = Programmation(jours=DAYS, frequence=45).timetable(TOLERANCE)
    assert isinstance(every45, BatchDeltaTimetable)
    base = pendulum.datetime(2026, 11, 30, 10, 10, tz="UTC")
    # Two parses a few seconds apart, without any run yet, give the same slot (it does not drift).
    first = next_slot(every45, base, None)
    assert first is not None
    assert next_slot(every45, base.add(seconds=20), None) == first
    # After a run, 45 minutes later; after a long pause, the next slot in the future, on the same grid.
    assert next_slot(every45, first.add(seconds=1), first) == first.add(minutes=45)
    later = next_slot(every45, first.add(days=3, minutes=20), first)
    assert later is not None
    assert later > first.add(days=3, minutes=5)
    assert (later - first).total_seconds() % (45 * 60) == 0


def test_summary_is_the_programmation_in_ecandidat_words() -> None:
    assert DAILY_0350.timetable().summary == "Tous les lun, mar, mer, jeu, ven, sam, dim à 03h50"
    assert Programmation(
        jours=("lun", "mar", "mer", "jeu", "ven"), heure=3, minute=50
    ).timetable().summary == ("Tous les lun, mar, mer, jeu, ven à 03h50")
    assert Programmation(heure=22, minute=30).timetable().summary == "Aucun jour à 22h30"


@pytest.mark.parametrize(
    "timetable",
    [
        DAILY_0350.timetable(TOLERANCE),
        Programmation(jours=DAYS, frequence=45).timetable(TOLERANCE),
        Programmation(heure=22, minute=30).timetable(TOLERANCE),
    ],
    ids=["cron", "delta", "manual"],
)
def test_serialised_and_back_as_the_scheduler_reads_it(timetable: object) -> None:
    """Through Airflow's own encoder and decoder, which only accept timetables a plugin registers."""
    from airflow.serialization.decoders import decode_timetable
    from airflow.serialization.encoders import encode_timetable

    back = decode_timetable(encode_timetable(timetable))
    assert type(back) is type(timetable)
    assert back == timetable
    assert back.summary == timetable.summary  # type: ignore[attr-defined]
    if not isinstance(back, BatchManualTimetable):
        now = pendulum.datetime(2026, 11, 30, 12, tz="UTC")
        assert next_slot(back, now, None) == next_slot(timetable, now, None)
