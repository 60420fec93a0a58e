"""The missed-slot guard and the French run summary."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from ecandidat_batches.summary import Summary
from ecandidat_batches.tasks import is_missed_slot, verifier_creneau

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
TOLERANCE = dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    ("run_type", "age", "missed"),
    [
        ("scheduled", dt.timedelta(minutes=1), False),  # on time
        ("scheduled", dt.timedelta(minutes=14), False),  # a busy scheduler
        ("scheduled", dt.timedelta(hours=20), True),  # yesterday's slot, replayed at unpause
        ("manual", dt.timedelta(days=3), False),  # "Lancer immédiatement" is never skipped
        ("asset_triggered", dt.timedelta(days=3), False),
    ],
)
def test_is_missed_slot(run_type: str, age: dt.timedelta, missed: bool) -> None:
    assert is_missed_slot(run_type, NOW - age, NOW, TOLERANCE) is missed


@pytest.mark.parametrize(("hours_ago", "runs"), [(20, False), (0, True)])
def test_guard_task_on_a_scheduled_run(hours_ago: int, runs: bool) -> None:
    run_after = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    dag_run = SimpleNamespace(run_type=SimpleNamespace(value="scheduled"), run_after=run_after)
    assert verifier_creneau.function(dag_run=dag_run) is runs


def test_summary_lines_are_timestamped_in_paris() -> None:
    clock = lambda: dt.datetime(2026, 1, 15, 2, 53, 35, tzinfo=dt.UTC)  # noqa: E731
    summary = Summary("BATCH_DEMO", clock)
    summary.add("Base rechargée")
    summary.count("comptes", 16)
    assert summary.as_dict() == {
        "batch": "BATCH_DEMO",
        "simulation": False,
        "lignes": ["15/01/2026 03:53:35 - Base rechargée"],
        "compteurs": {"comptes": 16},
    }


def test_dry_run_lines_say_so() -> None:
    summary = Summary("BATCH_X", lambda: dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC), dry_run=True)
    summary.add("3 comptes seraient supprimés")
    assert summary.lignes == ["01/07/2026 12:00:00 - [simulation] 3 comptes seraient supprimés"]
