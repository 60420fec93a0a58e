"""How long BATCH_DESTRUCT_HISTO takes to purge 10,000 old runs through Airflow's REST API.

A real deployment: 16 batches, one run a minute for the frequency ones, months of history. The
benchmark starts an embedded PostgreSQL and a real ``airflow api-server``, writes N old finished
runs spread over the registry's batches (directly in the metadata database: this is the benchmark's
own setup), then times:

* the batch's purge (listing by pages of 100, then the bulk endpoint by 500 runs per request);
* the naive way, one ``DELETE /dags/{id}/dagRuns/{run}`` per run, on a sample, extrapolated.

Usage: ``python -m bench.purge_history [N]`` (default 10000), or ``make bench``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def setup(base: Path) -> tuple[object, subprocess.Popen[bytes]]:
    from cryptography.fernet import Fernet

    sys.path.insert(0, str(ROOT / "plugins"))
    from dev import launcher

    pgdata = base / "pg"
    server = launcher.start_postgres(pgdata)
    launcher.ensure_database(pgdata, "airflow")
    port = _free_port()
    (base / "passwords.json").write_text(json.dumps({"admin": "bench"}))
    os.environ.update(
        AIRFLOW_HOME=str(base / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"postgresql+psycopg2://postgres@/airflow?host={pgdata}",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(base / "passwords.json"),
        AIRFLOW__API_AUTH__JWT_SECRET="bench-only",
        AIRFLOW__CORE__FERNET_KEY=Fernet.generate_key().decode(),
        AIRFLOW_CONN_AIRFLOW_API=json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": port, "login": "admin", "password": "bench"}
        ),
        PYTHONPATH=str(ROOT / "plugins"),
    )
    airflow = str(Path(sys.executable).parent / "airflow")
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    subprocess.run([airflow, "dags", "reserialize"], check=True, capture_output=True)
    api = subprocess.Popen(
        [airflow, "api-server", "--port", str(port), "--workers", "1"],
        stdout=(base / "api.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait(f"http://127.0.0.1:{port}/api/v2/monitor/health", 120)
    return server, api


def add_old_runs(n: int) -> None:
    """N finished runs, 40 to 40+N/1440 days old, spread over the batches that have a DAG."""
    from airflow.models.dagrun import DagRun
    from airflow.models.serialized_dag import SerializedDagModel
    from airflow.utils.session import create_session
    from airflow.utils.types import DagRunTriggeredByType

    with create_session() as session:
        dag_ids = sorted(
            session.scalars(
                SerializedDagModel.__table__.select().with_only_columns(SerializedDagModel.dag_id)
            )
        )
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
        for i in range(n):
            when = start - dt.timedelta(minutes=i)
            run = DagRun(
                dag_id=dag_ids[i % len(dag_ids)],
                run_id=f"bench__{i:06d}",
                run_type="scheduled",
                run_after=when,
                start_date=when,
                state="success" if i % 10 else "failed",
                triggered_by=DagRunTriggeredByType.TIMETABLE,
            )
            run.end_date = when + dt.timedelta(seconds=30)
            session.add(run)
        # A recent run per batch, so the purge does not have to keep an old one.
        for dag_id in dag_ids:
            now = dt.datetime.now(dt.UTC)
            run = DagRun(
                dag_id=dag_id,
                run_id=f"recent__{dag_id}",
                run_type="manual",
                run_after=now,
                start_date=now,
                state="success",
                triggered_by=DagRunTriggeredByType.TIMETABLE,
            )
            run.end_date = now
            session.add(run)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    base = Path(tempfile.mkdtemp(prefix="ecbb-", dir="/tmp"))
    server, api_proc = setup(base)
    try:
        from dev import launcher

        from ecandidat_batches.hooks.airflow_api import AirflowApiHook
        from ecandidat_batches.jobs import destruct_histo
        from ecandidat_batches.schedule.registry import BATCHES

        t0 = time.perf_counter()
        add_old_runs(n)
        print(f"setup: {n} old runs written in {time.perf_counter() - t0:.1f} s")

        hook = AirflowApiHook()
        t0 = time.perf_counter()
        keys = destruct_histo.runs_to_delete(
            hook, before=dt.datetime.now(dt.UTC) - dt.timedelta(days=30), batches=sorted(BATCHES)
        )
        listing = time.perf_counter() - t0
        t0 = time.perf_counter()
        sample = 300
        for dag_id, run_id in keys[:sample]:
            hook.api("DELETE", f"/dags/{dag_id}/dagRuns/{run_id}", ok=(204,))
        one_by_one = (time.perf_counter() - t0) / sample
        rest = len(keys) - sample

        t0 = time.perf_counter()
        summary = destruct_histo.purge(hook, code="BATCH_DESTRUCT_HISTO", days=30)
        purge = time.perf_counter() - t0
        deleted = summary.compteurs["supprimes"]
        assert deleted == rest, (deleted, rest)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        naive_total = one_by_one * n
        print(f"listing {len(keys)} runs to purge (pages capped at 100 by the server): {listing:.2f} s")
        print(
            f"BATCH_DESTRUCT_HISTO purge of {deleted} runs (list, then bulk delete by 500): {purge:.2f} s "
            f"= {deleted / purge:.0f} runs/s"
        )
        print(
            f"one DELETE per run: {one_by_one * 1000:.1f} ms/run on {sample} runs "
            f"-> {naive_total:.0f} s extrapolated for {n}"
        )
        print(f"ratio one-by-one / bulk (for {n} runs): {naive_total / (purge * n / deleted):.1f}x")
        print(f"peak memory of this process: {peak:.0f} MiB")
    finally:
        launcher.stop_process_tree(api_proc)
        server.stop()


if __name__ == "__main__":
    main()
