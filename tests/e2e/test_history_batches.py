"""BATCH_NETTOYAGE and BATCH_DESTRUCT_HISTO against a real Airflow: API server, DAG processor, scheduler.

The scheduler runs test DAGs (tests/e2e/stuck_dags) whose task sleeps; the two batches run with
dag.test() and act through the REST API of the real API server, as they do in production.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from tests.fixtures.airflow import (
    DAGS,
    backdate_runs,
    process_ended,
    start_airflow,
    stop_process_group,
    wait_for,
)

from ecandidat_batches.hooks.airflow_api import AirflowApiHook

ROOT = Path(__file__).resolve().parents[2]
STUCK_DAGS = Path(__file__).resolve().parent / "stuck_dags"
IDS = ("BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ", "autre_dag", "periodique_20s")


@pytest.fixture(scope="module")
def cluster(airflow_api: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A DAG processor and a scheduler (LocalExecutor) for the test DAGs, in their own bundle."""
    pid_dir = tmp_path_factory.mktemp("pids")
    logs = tmp_path_factory.mktemp("logs")
    bundle = [
        {
            "name": "e2e-stuck",
            "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",
            "kwargs": {"path": str(STUCK_DAGS), "refresh_interval": 0},
        }
    ]
    env = dict(
        os.environ,
        AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST=json.dumps(bundle),
        AIRFLOW__CORE__PARALLELISM="4",
        # Re-parse often: the parse recomputes the next slot of a paused batch (schedule/timetables.py).
        AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL="5",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"{airflow_api}/execution/",
        ECB_TEST_PID_DIR=str(pid_dir),
    )
    procs = [start_airflow(logs / f"{c}.log", c, env=env) for c in ("dag-processor", "scheduler")]
    api = AirflowApiHook()
    try:
        wait_for(lambda: set(IDS) <= set(api.paused_states(IDS)), 120, "the test DAGs to be parsed")
        # As their files say, whatever an earlier module left in Airflow's metadata.
        for dag_id, paused in (
            ("BATCH_ASYNC_OPI", False),
            ("autre_dag", False),
            ("BATCH_ASYNC_OPI_PJ", True),
        ):
            api.api("PATCH", f"/dags/{dag_id}", json={"is_paused": paused})
        yield {"api": api, "pid_dir": pid_dir, "logs": logs}
    finally:
        for proc in procs:
            stop_process_group(proc)
        # The stand-ins go, runs and all: for later modules, BATCH_ASYNC_OPI has no DAG here.
        for dag_id in IDS:
            api.api("DELETE", f"/dags/{dag_id}", ok=(204, 404))


def trigger(api: AirflowApiHook, dag_id: str) -> str:
    run_id = f"manual__{uuid.uuid4().hex[:8]}"
    api.api("POST", f"/dags/{dag_id}/dagRuns", json={"logical_date": None, "dag_run_id": run_id})
    return run_id


def launch(dag_id: str, conf: dict[str, Any] | None = None) -> tuple[str, dict[str, Any] | None]:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS / f"{dag_id.lower()}.py")).dags[dag_id]
    run = dag.test(logical_date=None, run_conf=conf or {})
    state = str(getattr(run.state, "value", run.state))
    work = next(iter(run.get_task_instances()))
    return state, (work.xcom_pull(task_ids=work.task_id) if state == "success" else None)


def test_nettoyage_interrupts_only_stuck_batch_runs(cluster: dict[str, Any]) -> None:
    api, pid_dir = cluster["api"], cluster["pid_dir"]
    stuck = trigger(api, "BATCH_ASYNC_OPI")
    other = trigger(api, "autre_dag")
    pending = trigger(api, "BATCH_ASYNC_OPI_PJ")  # out of service: a pending launch
    pid = int(
        wait_for(
            lambda: (pid_dir / f"{stuck}.pid").exists() and (pid_dir / f"{stuck}.pid").read_text(),
            120,
            "the stuck task",
        )
    )
    wait_for(lambda: (pid_dir / f"{other}.pid").exists(), 60, "the other DAG's task")
    assert psutil.pid_exists(pid)
    # Both have been running for an hour (the test's setup moves their start back; the threshold
    # cannot go under a quarter of an hour).
    backdate_runs([stuck, other])

    dry_state, dry = launch("BATCH_NETTOYAGE", {"seuil_heures": 0.5, "dry_run": True})
    assert dry_state == "success"
    assert dry["compteurs"] == {"interrompus": 1}
    assert api.get_dag_run("BATCH_ASYNC_OPI", stuck)["state"] == "running"

    state, summary = launch("BATCH_NETTOYAGE", {"seuil_heures": 0.5})
    assert state == "success"
    assert summary["compteurs"] == {"interrompus": 1}
    assert any(f"BATCH_ASYNC_OPI : exécution {stuck}" in line for line in summary["lignes"])

    run = api.get_dag_run("BATCH_ASYNC_OPI", stuck)
    assert run["state"] == "failed"
    assert run["note"].startswith("INTERRUPT")
    # Airflow really stopped the task: its process ends.
    wait_for(lambda: process_ended(pid), 60, "the task process to end")

    # Not a batch, and a pending launch of a batch out of service: untouched.
    assert api.get_dag_run("autre_dag", other)["state"] == "running"
    assert api.get_dag_run("BATCH_ASYNC_OPI_PJ", pending)["state"] == "queued"
    api.fail_dag_run("autre_dag", other, "fin du test")


def _scheduled(api: AirflowApiHook, dag_id: str) -> list[dict[str, Any]]:
    return [r for r in api.iter_dag_runs(dag_ids=[dag_id]) if r["run_type"] == "scheduled"]


def test_a_batch_put_back_in_service_runs_no_missed_slot(cluster: dict[str, Any]) -> None:
    """Airflow's own timetables run the last missed slot at once on unpause; the batches' do not.

    With a real scheduler and DAG processor: a batch every 20 s (tolerance 5 s) runs, is put out of
    service across two slots, then back: no run is created for the missed slots (nothing that would
    then show as the batch's "Dernière exécution" or be kept by BATCH_DESTRUCT_HISTO in its place),
    and the next slot runs as usual.
    """
    api, code = cluster["api"], "periodique_20s"
    api.api("PATCH", f"/dags/{code}", json={"is_paused": False})
    wait_for(lambda: any(r["state"] == "success" for r in _scheduled(api, code)), 90, "a scheduled run")
    api.api("PATCH", f"/dags/{code}", json={"is_paused": True})
    wait_for(lambda: all(r["state"] in ("success", "failed") for r in _scheduled(api, code)), 60, "idle")
    before = {r["dag_run_id"] for r in _scheduled(api, code)}
    paused_at = dt.datetime.now(dt.UTC)

    def parsed_since_pause() -> bool:  # the parse recomputes a paused batch's next slot
        parsed = api.api("GET", f"/dags/{code}").json()["last_parsed_time"]
        return dt.datetime.fromisoformat(parsed) > paused_at + dt.timedelta(seconds=40)

    # Out of service while two slots pass and the DAG processor parses the file again.
    wait_for(parsed_since_pause, 90, "two slots and a parse while out of service")
    assert {r["dag_run_id"] for r in _scheduled(api, code)} == before

    # Back in service 10 s after a slot: Airflow's own timetable would run that slot at once.
    time.sleep((10 - time.time()) % 20)
    back = dt.datetime.now(dt.UTC)
    api.api("PATCH", f"/dags/{code}", json={"is_paused": False})
    wait_for(lambda: len(_scheduled(api, code)) > len(before), 60, "the next slot after the return")
    new = [r for r in _scheduled(api, code) if r["dag_run_id"] not in before]
    late = [
        r["run_after"]
        for r in new
        if dt.datetime.fromisoformat(r["run_after"]) < back - dt.timedelta(seconds=5)
    ]
    assert late == [], f"runs created for slots missed while out of service: {late}"
    latest = api.latest_started_run(code)
    assert latest is not None
    assert latest["dag_run_id"] in {r["dag_run_id"] for r in new} | before
    api.api("PATCH", f"/dags/{code}", json={"is_paused": True})


def _add_runs(dag_id: str, starts: list[tuple[dt.datetime, str]]) -> list[str]:
    """Backdated finished runs, written in the test's own setup (the ORM is fine in a test)."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.types import DagRunTriggeredByType

    ids = []
    with create_session() as session:
        for start, state in starts:
            run = DagRun(
                dag_id=dag_id,
                run_id=f"old__{uuid.uuid4().hex[:10]}",
                run_type="manual",
                run_after=start,
                start_date=start,
                state=state,
                triggered_by=DagRunTriggeredByType.TEST,
            )
            run.end_date = start + dt.timedelta(minutes=1)
            session.add(run)
            ids.append(run.run_id)
    return ids


def _clear_runs(*dag_ids: str) -> None:
    """No run left of these DAGs (the test runs once per application database engine)."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    with create_session() as session:
        for run in session.query(DagRun).filter(DagRun.dag_id.in_(dag_ids)):
            session.delete(run)


def _run_ids(api: AirflowApiHook, dag_id: str) -> set[str]:
    return {r["dag_run_id"] for r in api.iter_dag_runs(dag_ids=[dag_id])}


def test_destruct_histo_purges_old_runs_and_keeps_the_latest(cluster: dict[str, Any], app_db: Any) -> None:
    api = cluster["api"]
    _clear_runs("BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ", "autre_dag")
    now = dt.datetime.now(dt.UTC)
    old = now - dt.timedelta(days=40)
    maj_old = _add_runs(
        "BATCH_ASYNC_OPI",
        [(old + dt.timedelta(hours=i), "success") for i in range(5)] + [(old, "failed")],
    )
    maj_recent = _add_runs("BATCH_ASYNC_OPI", [(now - dt.timedelta(days=2), "success")])
    calc_old = _add_runs("BATCH_ASYNC_OPI_PJ", [(old + dt.timedelta(hours=i), "success") for i in range(3)])
    other_old = _add_runs("autre_dag", [(old, "success"), (old, "failed")])
    calc_latest = calc_old[-1]  # its latest run is old: kept so "Dernière exécution" stays

    state, dry = launch("BATCH_DESTRUCT_HISTO", {"dry_run": True})
    assert state == "success"
    assert dry["compteurs"] == {"a_supprimer": 8}, dry["lignes"]
    assert set(maj_old) <= _run_ids(api, "BATCH_ASYNC_OPI")

    state, summary = launch("BATCH_DESTRUCT_HISTO")
    assert state == "success"
    assert summary["compteurs"] == {"supprimes": 8, "erreurs": 0}
    maj = _run_ids(api, "BATCH_ASYNC_OPI")
    assert not set(maj_old) & maj
    assert set(maj_recent) <= maj
    calc = _run_ids(api, "BATCH_ASYNC_OPI_PJ")
    assert calc_latest in calc
    assert not set(calc_old[:-1]) & calc
    assert set(other_old) <= _run_ids(api, "autre_dag")

    # A second run has nothing left to do.
    assert launch("BATCH_DESTRUCT_HISTO")[1]["compteurs"]["supprimes"] == 0


@pytest.mark.parametrize("days", ["0", "-5"])
def test_destruct_histo_refuses_a_non_positive_retention(
    cluster: dict[str, Any], app_db: Any, days: str
) -> None:
    api = cluster["api"]
    old = _add_runs("autre_dag", [(dt.datetime.now(dt.UTC) - dt.timedelta(days=3), "success")])
    before = _run_ids(api, "BATCH_ASYNC_OPI")
    app_db.execute(
        "UPDATE parametre SET val_param = %s WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'", (days,)
    )
    state, _ = launch("BATCH_DESTRUCT_HISTO")
    assert state == "failed"
    assert _run_ids(api, "BATCH_ASYNC_OPI") >= before
    assert set(old) <= _run_ids(api, "autre_dag")
