"""A newer eCandidat than this package knows (Flyway's ``schema_version``): said, and runs go on while the
tables and columns they use are there; on both database engines."""

from __future__ import annotations

from typing import Any

from tests.helpers import KNOWN_HISTORY, NEWER_HISTORY, execute_batch, flyway_history

from ecandidat_batches.db.ecandidat_version import Newer, newer_than_known


def test_the_latest_successful_migration_is_read(app_db: Any) -> None:
    assert newer_than_known(app_db) is None, "no Flyway history: this package's own copy"
    flyway_history(app_db, KNOWN_HISTORY)
    assert newer_than_known(app_db) is None
    flyway_history(app_db, [*NEWER_HISTORY, ("2.6.00.00", "Echouee", False), (None, "repetable", True)])
    assert newer_than_known(app_db) == Newer("2.5.00.00", "Configuration")


def test_a_run_says_it_in_its_summary_and_goes_on(app_db: Any) -> None:
    flyway_history(app_db, NEWER_HISTORY)
    summary = execute_batch("BATCH_APP_EN_MAINT", {"params": {}})
    assert summary["compteurs"]["modifie"] == 1, "the run went on"
    value = app_db.execute(
        "SELECT val_param FROM parametre WHERE cod_param = 'TECH_IS_MAINTENANCE'"
    ).fetchone()
    assert value == ("O",)
    notes = [line for line in summary["lignes"] if "eCandidat est en version 2.5.00.00" in line]
    assert len(notes) == 1
    assert "plus récente que la dernière que ce paquet connaît (2.4.06.00)" in notes[0]


def test_a_run_on_the_known_version_says_nothing(app_db: Any) -> None:
    flyway_history(app_db, KNOWN_HISTORY)
    summary = execute_batch("BATCH_APP_EN_MAINT", {"params": {}})
    assert not any("eCandidat est en version" in line for line in summary["lignes"])
