"""The French run summary."""

from __future__ import annotations

import datetime as dt

from ecandidat_batches.summary import Summary


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
