"""NETTOYAGE and DESTRUCT_HISTO decisions, on an in-memory API (the real one is in tests/e2e)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from ecandidat_batches.jobs import destruct_histo, nettoyage
from ecandidat_batches.schedule.registry import BATCHES

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _run(dag_id: str, run_id: str, state: str, start: dt.datetime | None, run_after: dt.datetime) -> dict:
    return {
        "dag_id": dag_id,
        "dag_run_id": run_id,
        "state": state,
        "start_date": start.isoformat() if start else None,
        "run_after": run_after.isoformat(),
    }


class MemoryApi:
    def __init__(self, runs: list[dict[str, Any]], paused: dict[str, bool] | None = None) -> None:
        self.runs = runs
        self.paused = paused or {}
        self.failed: list[tuple[str, str, str]] = []
        self.deleted: list[tuple[str, str]] = []
        self.finish_before_patch: set[str] = set()

    def iter_dag_runs(self, page_size: int = 100, **f: Any) -> Iterator[dict[str, Any]]:
        for r in self.runs:
            start = dt.datetime.fromisoformat(r["start_date"]) if r["start_date"] else None
            after = dt.datetime.fromisoformat(r["run_after"])
            if f.get("dag_ids") is not None and r["dag_id"] not in f["dag_ids"]:
                continue
            if f.get("states") and r["state"] not in f["states"]:
                continue
            if "start_date_lte" in f and (start is None or start > f["start_date_lte"]):
                continue
            if "start_date_lt" in f and (start is None or start >= f["start_date_lt"]):
                continue
            if "run_after_lte" in f and after > f["run_after_lte"]:
                continue
            yield r

    def paused_states(self, dag_ids: Sequence[str]) -> dict[str, bool]:
        return {d: self.paused.get(d, False) for d in dag_ids}

    def get_dag_run(self, dag_id: str, run_id: str) -> dict[str, Any] | None:
        run = next((r for r in self.runs if r["dag_run_id"] == run_id), None)
        if run is not None and run_id in self.finish_before_patch:
            run["state"] = "success"
        return run

    def fail_dag_run(self, dag_id: str, run_id: str, note: str) -> dict[str, Any]:
        self.failed.append((dag_id, run_id, note))
        return {}

    def latest_started_run(self, dag_id: str) -> dict[str, Any] | None:
        started = [r for r in self.runs if r["dag_id"] == dag_id and r["start_date"]]
        return max(started, key=lambda r: r["start_date"]) if started else None

    def delete_dag_runs(self, keys: Sequence[tuple[str, str]], chunk: int = 500) -> tuple[int, list[str]]:
        self.deleted += keys
        return len(keys), []


H = dt.timedelta(hours=1)


def test_nettoyage_selection() -> None:
    api = MemoryApi(
        [
            _run("BATCH_ARCHIVAGE", "stuck", "running", NOW - 5 * H, NOW - 5 * H),
            _run("BATCH_ARCHIVAGE", "young", "running", NOW - 3 * H, NOW - 3 * H),
            _run("BATCH_NETTOYAGE", "own", "running", NOW - 9 * H, NOW - 9 * H),
            _run("autre_dag", "foreign", "running", NOW - 9 * H, NOW - 9 * H),
            _run("BATCH_SYNCHRO_SISCOL", "queued_in_service", "queued", None, NOW - 6 * H),
            _run("BATCH_DEMO", "pending_out_of_service", "queued", None, NOW - 6 * H),
            _run("BATCH_ASYNC_OPI", "finishes_meanwhile", "running", NOW - 7 * H, NOW - 7 * H),
        ],
        paused={"BATCH_DEMO": True},
    )
    api.finish_before_patch = {"finishes_meanwhile"}
    summary = nettoyage.run(
        api,
        code="BATCH_NETTOYAGE",
        seuil_heures=4,
        own_run=("BATCH_NETTOYAGE", "own"),
        batches=BATCHES,
        clock=lambda: NOW,
    )
    assert sorted(run_id for _d, run_id, _n in api.failed) == ["queued_in_service", "stuck"]
    assert all(note.startswith("INTERRUPT") for _d, _r, note in api.failed)
    assert summary.compteurs == {"interrompus": 2}
    assert any(
        "BATCH_ARCHIVAGE : exécution stuck (début 28/11/2026 08:00:00)" in line for line in summary.lignes
    )


def test_nettoyage_dry_run_changes_nothing() -> None:
    api = MemoryApi([_run("BATCH_ARCHIVAGE", "stuck", "running", NOW - 5 * H, NOW - 5 * H)])
    summary = nettoyage.run(
        api,
        code="BATCH_NETTOYAGE",
        seuil_heures=4,
        own_run=None,
        batches=BATCHES,
        dry_run=True,
        clock=lambda: NOW,
    )
    assert api.failed == []
    assert summary.compteurs == {"interrompus": 1}
    assert "serait interrompue" in summary.lignes[1]


@pytest.mark.parametrize(
    ("hours", "reason"),
    [
        (0, "entre 0.25 h et 744 h"),
        (-1, "entre 0.25 h et 744 h"),
        (0.002, "des batches qui viennent de démarrer seraient interrompus"),
        (1e308, "au-delà d'un mois"),
        (float("nan"), "un nombre d'heures est attendu"),
        (True, "un nombre d'heures est attendu"),
    ],
)
def test_nettoyage_refuses_a_threshold_out_of_bounds(hours: float, reason: str) -> None:
    with pytest.raises(ValueError, match=f"seuil de nettoyage invalide.*{re.escape(reason)}"):
        nettoyage.run(
            MemoryApi([]),
            code="BATCH_NETTOYAGE",
            seuil_heures=hours,
            own_run=None,
            batches=BATCHES,
            clock=lambda: NOW,
        )


D = dt.timedelta(days=1)


def test_destruct_histo_selection(app_db: Any) -> None:
    api = MemoryApi(
        [
            _run("BATCH_ARCHIVAGE", "old1", "success", NOW - 40 * D, NOW - 40 * D),
            _run("BATCH_ARCHIVAGE", "old2", "failed", NOW - 35 * D, NOW - 35 * D),
            _run("BATCH_ARCHIVAGE", "recent", "success", NOW - 2 * D, NOW - 2 * D),
            _run("BATCH_DEMO", "only_old", "success", NOW - 90 * D, NOW - 90 * D),
            _run("BATCH_DEMO", "pending", "queued", None, NOW),
            _run("BATCH_SYNCHRO_SISCOL", "old_running", "running", NOW - 50 * D, NOW - 50 * D),
            _run("BATCH_SYNCHRO_SISCOL", "old_done", "success", NOW - 60 * D, NOW - 60 * D),
            _run("autre_dag", "foreign_old", "success", NOW - 90 * D, NOW - 90 * D),
        ]
    )
    summary = destruct_histo.run(
        app_db, api, code="BATCH_DESTRUCT_HISTO", batches=BATCHES, clock=lambda: NOW
    )  # 30 days
    assert sorted(api.deleted) == [
        ("BATCH_ARCHIVAGE", "old1"),
        ("BATCH_ARCHIVAGE", "old2"),
        ("BATCH_SYNCHRO_SISCOL", "old_done"),
    ]
    assert summary.compteurs == {"supprimes": 3, "erreurs": 0}


def test_retention_parameter(app_db: Any) -> None:
    assert destruct_histo.retention_days(app_db) == 30
    app_db.execute("DELETE FROM parametre WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'")
    assert destruct_histo.retention_days(app_db) == 30  # eCandidat's default when absent
    app_db.execute(
        "INSERT INTO parametre (cod_param, lib_param, val_param, typ_param)"
        " VALUES ('TECH_NB_JOUR_KEEP_HISTO_BATCH', 'x', '0', 'Integer')"
    )
    with pytest.raises(ValueError, match="TECH_NB_JOUR_KEEP_HISTO_BATCH = 0 : refusé"):
        destruct_histo.retention_days(app_db)
    app_db.execute(
        "UPDATE parametre SET val_param = 'trente' WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'"
    )
    with pytest.raises(ValueError, match="valeur entière attendue"):
        destruct_histo.retention_days(app_db)
    # A century at most: 10^12 days would overflow any date, and keep everything anyway.
    app_db.execute(
        "UPDATE parametre SET val_param = '1000000000000' WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'"
    )
    with pytest.raises(ValueError, match="au-delà de 36500 jours"):
        destruct_histo.retention_days(app_db)
