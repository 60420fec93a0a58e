"""The batches on Airflow's CeleryExecutor: Redis (Debian's), two schedulers, two Celery workers.

What ``ECANDIDAT_EXECUTOR=celery make run`` starts, on the tests' API server and PostgreSQL: every
working batch runs on either worker, launches from the page, the CLI and the REST API at once give one
run at a time, a worker killed with SIGKILL in the middle of BATCH_DESTRUCT_DOSSIER is detected and the
rerun on the other worker completes with consistent data, two schedulers create one run per slot, and
BATCH_NETTOYAGE ends a stuck task's process on its worker.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from bench.engines import BENCH_SQL
from tests.fixtures.airflow import (
    DAGS,
    Client,
    backdate_runs,
    process_ended,
    reset_batch_state,
    start_airflow,
    stop_process_group,
    wait_for,
)
from tests.fixtures.slapd import ldap_conn_json

from ecandidat_batches.hooks.airflow_api import AirflowApiHook

ROOT = Path(__file__).resolve().parents[2]
STUCK_DAGS = Path(__file__).resolve().parent / "stuck_dags"
WORKERS = ("worker1", "worker2")
# The tasks' database is the tests' embedded PostgreSQL (the workers' environment is fixed at start).
pytestmark = [pytest.mark.slow, pytest.mark.parametrize("engine", ["postgresql"])]


class Cluster:
    """Redis, a DAG processor, two schedulers and two Celery workers; each worker can be killed and
    started again."""

    def __init__(self, env: dict[str, str], logs: Path, files: Path, pid_dir: Path) -> None:
        self.env, self.logs, self.files, self.pid_dir = env, logs, files, pid_dir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.api = AirflowApiHook()

    def start(self, name: str, *command: str, **extra: str) -> None:
        self.procs[name] = start_airflow(
            self.logs / f"{name}.log", *command, env={**self.env, **extra}, cwd=ROOT
        )

    def start_worker(self, name: str) -> None:
        self.start(name, "celery", "worker", "--concurrency", "1", "--skip-serve-logs",
                   "--celery-hostname", f"{name}@%h", ECANDIDAT_WORKER_NAME=name)  # fmt: skip

    def kill(self, name: str) -> None:
        """SIGKILL the worker and every process it started (its task included), as a host dies."""
        root = psutil.Process(self.procs[name].pid)
        family = [root, *root.children(recursive=True)]  # the task process has a session of its own
        for proc in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGKILL)
        psutil.wait_procs(family, timeout=10)
        self.procs[name].wait()

    def workers_ready(self) -> bool:
        """Whether every worker's latest start said "ready" (the logs are appended to at each start)."""
        return all(
            "ready." in (self.logs / f"{w}.log").read_text().split("-------------- ")[-1] for w in WORKERS
        )

    def stop(self) -> None:
        for proc in self.procs.values():
            stop_process_group(proc)


@pytest.fixture(scope="module")
def cluster(airflow_api: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from dev.launcher import start_redis

    base = tmp_path_factory.mktemp("celery")
    logs, files, pid_dir = base / "logs", base / "files", base / "pids"
    for folder in (logs, files, pid_dir):
        folder.mkdir()
    redis = start_redis(base / "redis")
    bundles = [
        {"name": "dags-folder", "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle", "kwargs": {}},
        {"name": "e2e-stuck", "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",
         "kwargs": {"path": str(STUCK_DAGS), "refresh_interval": 0}},
    ]  # fmt: skip
    database = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].replace("+psycopg2", "")
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins")]),
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),  # the batches but the stand-ins' codes
        AIRFLOW__CORE__EXECUTOR="CeleryExecutor",
        AIRFLOW__CELERY__BROKER_URL=f"redis+socket://{base / 'redis' / 'redis.sock'}",
        AIRFLOW__CELERY__RESULT_BACKEND=f"db+{database}",
        AIRFLOW__CORE__HOSTNAME_CALLABLE="dev.worker_name.hostname",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"{airflow_api}/execution/",
        AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST=json.dumps(bundles),
        AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL="5",
        # A dead worker is noticed by its tasks' missing heartbeats: quickly here (default 5 min).
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT="10",
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL="2",
        AIRFLOW__ECANDIDAT__DEMO_MODE="True",
        AIRFLOW__ECANDIDAT__FILE_STORE_ROOT=str(files),
        AIRFLOW__ECANDIDAT__NODE_RELOAD_WAIT_SECONDS="0",
        ECB_TEST_PID_DIR=str(pid_dir),
    )
    # The LimeSurvey connection is created by the test in Airflow's metadata, where workers read it.
    env.pop("AIRFLOW_CONN_LIMESURVEY_DEFAULT", None)
    reset_batch_state()
    cluster = Cluster(env, logs, files, pid_dir)
    try:
        cluster.start("dag-processor", "dag-processor")
        cluster.start("scheduler1", "scheduler", "--skip-serve-logs")
        cluster.start("scheduler2", "scheduler", "--skip-serve-logs")  # HA: two at once, all along
        for worker in WORKERS:
            cluster.start_worker(worker)
        wanted = ("BATCH_DEMO", "BATCH_ASYNC_OPI", "ha_toutes_les_5s")
        wait_for(lambda: set(wanted) <= set(cluster.api.paused_states(wanted)), 120, "the DAGs to be parsed")
        wait_for(cluster.workers_ready, 60, "both Celery workers")
        yield cluster
    finally:
        cluster.stop()
        stop_process_group(redis)  # type: ignore[arg-type]
        reset_batch_state()
        # The test bundle's DAGs go, runs and all: the next module's DAG processor creates them anew,
        # paused or not as their files say.
        for dag_id in ("BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ", "periodique_20s", "autre_dag",
                       "ha_toutes_les_5s"):  # fmt: skip
            cluster.api.api("DELETE", f"/dags/{dag_id}", ok=(204, 404))


def trigger(api: AirflowApiHook, dag_id: str, conf: dict[str, Any] | None = None) -> str:
    api.api("PATCH", f"/dags/{dag_id}", json={"is_paused": False})
    body = {"logical_date": None, "conf": conf or {}}
    return str(api.api("POST", f"/dags/{dag_id}/dagRuns", json=body).json()["dag_run_id"])


def finished(api: AirflowApiHook, dag_id: str, run_id: str, timeout: float = 120) -> dict[str, Any]:
    return wait_for(  # type: ignore[no-any-return]
        lambda: (run := api.get_dag_run(dag_id, run_id)) and run["state"] in ("success", "failed") and run,
        timeout,
        f"{dag_id} {run_id} to finish",
    )


def task_instance(api: AirflowApiHook, dag_id: str, run_id: str) -> dict[str, Any]:
    tis = api.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances").json()["task_instances"]
    assert len(tis) == 1
    return tis[0]  # type: ignore[no-any-return]


def test_every_working_batch_runs_on_either_worker(cluster: Cluster, app_db: Any, directory: Any) -> None:
    from dev.fakes.limesurvey import demo_server

    from ecandidat_batches.schedule.registry import BATCHES

    api = cluster.api
    demo = trigger(api, "BATCH_DEMO")
    assert finished(api, "BATCH_DEMO", demo)["state"] == "success"
    hosts = {task_instance(api, "BATCH_DEMO", demo)["hostname"]}
    codes = sorted(
        code
        for code, batch in BATCHES.items()
        if batch.job and code != "BATCH_DEMO" and (DAGS / f"{code.lower()}.py").exists()
    )
    with demo_server(app_db) as limesurvey:
        connection = {"connection_id": "limesurvey_default", "conn_type": "http", "host": "127.0.0.1",
                      "port": limesurvey.port, "schema": "index.php/admin/remotecontrol",
                      "login": "ecandidat", "password": "secret"}  # fmt: skip
        ldap = {"connection_id": "ecandidat_ldap", **json.loads(ldap_conn_json(directory.url))}
        ldap["extra"] = json.dumps(ldap["extra"])
        for conn in (connection, ldap):
            api.api("DELETE", f"/connections/{conn['connection_id']}", ok=(204, 404))
            api.api("POST", "/connections", json=conn)
        try:
            runs = {code: trigger(api, code) for code in codes}
            states = {code: finished(api, code, run, 180)["state"] for code, run in runs.items()}
        finally:
            for conn in (connection, ldap):
                api.api("DELETE", f"/connections/{conn['connection_id']}", ok=(204, 404))
    assert states == dict.fromkeys(codes, "success")
    for code, run in runs.items():  # BATCH_SYNCHRO_SISCOL has a task per step
        tis = api.api("GET", f"/dags/{code}/dagRuns/{run}/taskInstances").json()["task_instances"]
        hosts |= {ti["hostname"] for ti in tis}
    assert hosts == set(WORKERS), "each batch's task may land on either worker: both were used"


def campaign_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in (root / "CAMP2025").rglob("*") if p.is_file()}


def test_a_worker_killed_in_the_middle_of_destruct_dossier(cluster: Cluster, app_db: Any) -> None:
    """SIGKILL the worker running BATCH_DESTRUCT_DOSSIER between two chunks: Airflow notices (its
    task's heartbeat stops), the run fails; the rerun on the other worker completes, nothing lost."""
    from ecandidat_batches.clock import paris_now, wall_clock
    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import demo

    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=None)
    now = wall_clock(paris_now())
    with transaction(app_db) as cur:  # 1,500 more accounts in the campaign to destroy
        params = {"id_camp": 1, "cod_camp": "CAMP2025", "prefix": "K", "first": 1_000_000, "accounts": 1500,
                  "invalid": 0, "born": dt.date(2005, 5, 5), "created": now, "expired": now,
                  "filed": now - dt.timedelta(days=500)}  # fmt: skip
        sqlfiles.execute(cur, BENCH_SQL / "generate.sql", params)
    app_db.autocommit = True
    for (path,) in app_db.execute(
        "SELECT file_fichier FROM fichier WHERE file_fichier LIKE 'CAMP2025/%%'"
    ).fetchall():
        (cluster.files / path).parent.mkdir(parents=True, exist_ok=True)
        (cluster.files / path).write_bytes(b"%PDF-1.4\n")
    accounts = "SELECT count(*) FROM compte_minima WHERE id_camp = 1"
    total = app_db.execute(accounts).fetchone()[0]

    api = cluster.api
    run = trigger(api, "BATCH_DESTRUCT_DOSSIER", {"dry_run": False})
    host = wait_for(
        lambda: (
            0 < app_db.execute(accounts).fetchone()[0] < total * 0.8
            and task_instance(api, "BATCH_DESTRUCT_DOSSIER", run)["hostname"]
        ),
        120,
        "the destruction to be under way",
    )
    cluster.kill(host)
    state = finished(api, "BATCH_DESTRUCT_DOSSIER", run, 90)
    assert state["state"] == "failed", "Airflow noticed the dead worker"
    left = app_db.execute(accounts).fetchone()[0]
    assert 0 < left < total, "killed half way"
    # Consistent at once: whole accounts or none, and every file still on disk is findable.
    assert (
        app_db.execute(
            "SELECT count(*) FROM candidat c LEFT JOIN compte_minima m ON m.id_cpt_min = c.id_cpt_min"
            " WHERE m.id_cpt_min IS NULL"
        ).fetchone()[0]
        == 0
    )
    known = {r[0] for r in app_db.execute(
        "SELECT file_fichier FROM fichier UNION SELECT file_fichier FROM fichier_fiabilisation").fetchall()}  # fmt: skip
    assert campaign_files(cluster.files) <= known, "no file lost"

    other = next(w for w in WORKERS if w != host)
    rerun = trigger(api, "BATCH_DESTRUCT_DOSSIER", {"dry_run": False})
    assert finished(api, "BATCH_DESTRUCT_DOSSIER", rerun, 120)["state"] == "success"
    assert task_instance(api, "BATCH_DESTRUCT_DOSSIER", rerun)["hostname"] == other
    assert app_db.execute(accounts).fetchone()[0] == 0
    assert app_db.execute("SELECT count(*) FROM fichier_fiabilisation").fetchone()[0] == 0
    assert not (cluster.files / "CAMP2025").exists()
    cluster.start_worker(host)
    wait_for(
        lambda: f"{host}@" in (cluster.logs / f"{host}.log").read_text().split("ready.")[-1] or True, 5, ""
    )


def test_launches_from_the_page_the_cli_and_the_api_at_once_run_one_at_a_time(
    cluster: Cluster, app_db: Any, airflow_api: str
) -> None:

    code = "BATCH_NETTOYAGE_CPT"
    api = cluster.api
    api.api("PATCH", f"/dags/{code}", json={"is_paused": False})
    page = Client(airflow_api, "admin")
    launches = [
        lambda: page.post("/batches/lancer", {"dag_id": code}),
        lambda: subprocess.run(
            ["airflow", "dags", "trigger", code], env=cluster.env, capture_output=True, check=True
        ),
        lambda: api.api("POST", f"/dags/{code}/dagRuns", json={"logical_date": None}),
    ]
    threads = [threading.Thread(target=launch) for launch in launches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    runs = wait_for(
        lambda: (
            (rs := list(api.iter_dag_runs(dag_ids=[code])))
            and len(rs) >= 2
            and all(r["state"] in ("success", "failed") for r in rs)
            and rs
        ),
        180,
        "the launches to finish",
    )
    assert {r["state"] for r in runs} == {"success"}
    spans = sorted((r["start_date"], r["end_date"]) for r in runs)
    for (_start, end), (next_start, _end) in itertools.pairwise(spans):
        assert next_start >= end, f"two runs of {code} overlapped: {spans}"


def test_two_schedulers_create_one_run_per_slot(cluster: Cluster, app_db: Any) -> None:
    api = cluster.api

    def scheduled() -> list[dict[str, Any]]:
        return [r for r in api.iter_dag_runs(dag_ids=["ha_toutes_les_5s"]) if r["run_type"] == "scheduled"]

    api.api("PATCH", "/dags/ha_toutes_les_5s", json={"is_paused": False})
    wait_for(lambda: len(scheduled()) >= 4, 90, "four slots with both schedulers running")
    api.api("PATCH", "/dags/ha_toutes_les_5s", json={"is_paused": True})
    runs = scheduled()
    slots = sorted(dt.datetime.fromisoformat(r["logical_date"]) for r in runs)
    assert len(slots) >= 3
    assert len(set(slots)) == len(slots), "a slot with two runs"
    # Each run on a slot of its own (a slot missed by more than the timetable's tolerance on a loaded
    # machine is skipped, by design: never run late).
    assert all((b - a) % dt.timedelta(seconds=5) == dt.timedelta(0) for a, b in itertools.pairwise(slots)), (
        slots
    )


def test_nettoyage_ends_a_stuck_task_on_its_worker(cluster: Cluster, app_db: Any) -> None:
    api = cluster.api
    stuck = trigger(api, "BATCH_ASYNC_OPI")
    pid_file = cluster.pid_dir / f"{stuck}.pid"
    pid = int(wait_for(lambda: pid_file.exists() and pid_file.read_text(), 120, "the stuck task"))
    assert task_instance(api, "BATCH_ASYNC_OPI", stuck)["hostname"] in WORKERS
    backdate_runs([stuck])  # it has been running for an hour
    cleanup = trigger(api, "BATCH_NETTOYAGE", {"seuil_heures": 0.5, "dry_run": False})
    assert finished(api, "BATCH_NETTOYAGE", cleanup)["state"] == "success"
    run = api.get_dag_run("BATCH_ASYNC_OPI", stuck)
    assert run["state"] == "failed"
    assert run["note"].startswith("INTERRUPT")
    wait_for(lambda: process_ended(pid), 60, "the task process to end on its worker")
