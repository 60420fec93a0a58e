"""`make run`'s launcher for real: embedded PostgreSQL, demo data, airflow standalone, clean Ctrl-C."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(extra)
    return env


def _get(url: str, token: str | None = None) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _post(port: int, token: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _token(port: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/auth/token",
        data=json.dumps({"username": "admin", "password": "admin"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


@pytest.mark.slow
def test_run_starts_everything_and_ctrl_c_leaves_nothing() -> None:
    local = Path(tempfile_short())
    port = _free_port()
    env = _clean_env(
        ECANDIDAT_LOCAL_DIR=str(local), AIRFLOW__API__PORT=str(port), PYTHONPATH=str(ROOT / "plugins")
    )
    log = (local.parent / f"{local.name}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dev.launcher"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    family: set[int] = set()
    try:
        deadline = time.monotonic() + 240
        logfile = local.parent / f"{local.name}.log"
        while "Batches ready" not in logfile.read_text():
            assert proc.poll() is None, logfile.read_text()[-3000:]
            family |= {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
            assert time.monotonic() < deadline, "Airflow did not say it is ready in time"
            time.sleep(1)
        # Once it says so, every batch DAG is there (`airflow dags trigger` works at once).
        token = _token(port)
        dags = _get(f"http://127.0.0.1:{port}/api/v2/dags?tags=batch&limit=100", token)["dags"]
        assert {d["dag_id"] for d in dags} == {p.stem.upper() for p in (ROOT / "dags").glob("batch_*.py")}
        by_id = {d["dag_id"]: d for d in dags}
        assert by_id["BATCH_DEMO"]["is_paused"] is True  # out of service in the registry
        assert by_id["BATCH_APP_EN_MAINT"]["is_paused"] is False
        assert by_id["BATCH_APP_EN_MAINT"]["dag_display_name"] == "Mise en maintenance de l'application"
        assert _get(f"http://127.0.0.1:{port}/api/v2/importErrors", token)["total_entries"] == 0

        import psycopg

        with psycopg.connect(host=str(local / "pg"), user="postgres", dbname="ecandidat") as conn:
            assert conn.execute("SELECT count(*) FROM campagne").fetchone()[0] == 3

        # A batch launched for real, in a worker process: the demo LimeSurvey forms get synchronised.
        _post(port, token, "/api/v2/dags/BATCH_SYNC_LIMESURVEY/dagRuns", {"logical_date": None})
        deadline = time.monotonic() + 120
        while True:
            runs = _get(f"http://127.0.0.1:{port}/api/v2/dags/BATCH_SYNC_LIMESURVEY/dagRuns", token)[
                "dag_runs"
            ]
            if runs and runs[0]["state"] in ("success", "failed"):
                break
            assert time.monotonic() < deadline, "BATCH_SYNC_LIMESURVEY did not finish"
            time.sleep(2)
        assert runs[0]["state"] == "success"
        with psycopg.connect(host=str(local / "pg"), user="postgres", dbname="ecandidat") as conn:
            assert conn.execute("SELECT count(*) FROM formulaire_candidat").fetchone()[0] > 0
            assert conn.execute("SELECT count(*) FROM formulaire_candidature").fetchone()[0] > 0
        # The Admin > Batches page shows the finished run in eCandidat's words.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/batches/", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            page = response.read().decode()
        row = page.split('<tr data-code="BATCH_SYNC_LIMESURVEY"', 1)[1].split("</tr>", 1)[0]
        assert "FINISH - Deb : " in row
        family |= {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
        assert len(family) > 5

        # Ctrl-C in a terminal: SIGINT to the whole foreground process group.
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=90)
        print(f"stopped in {time.monotonic() - started:.1f} s")
    finally:
        if proc.poll() is None:  # the test failed half way: stop it as a user would, then by force
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                for pid in family:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        psutil.Process(pid).kill()
        log.close()
    time.sleep(1)
    left = [p for p in psutil.process_iter(["pid", "cmdline"]) if p.info["pid"] in family and p.is_running()]
    left = [p for p in left if p.status() != psutil.STATUS_ZOMBIE]
    assert left == [], [p.info["cmdline"] for p in left]
    postgres = [
        p
        for p in psutil.process_iter(["cmdline"])
        if any(str(local) in part for part in (p.info["cmdline"] or []))
    ]
    assert postgres == []
    assert (local / "pg" / "PG_VERSION").exists(), "the data stays for the next run"
    assert "AIRFLOW_CONN_LIMESURVEY_DEFAULT" in (local / "env.sh").read_text()
    shutil.rmtree(local, ignore_errors=True)


def tempfile_short() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="ecbrun-", dir="/tmp")
