"""`make run`'s launcher for real: embedded PostgreSQL, demo data, Airflow's components, clean stops.

Started as a user would (``python -m dev.launcher``, its own process group), then stopped as a user
would (Ctrl-C), or left to notice that a component it supervises died.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def _token(port: int, password: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/auth/token",
        data=json.dumps({"username": "admin", "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


@dataclass
class Run:
    """One `make run` in a temporary folder, on a free port."""

    local: Path
    port: int
    proc: subprocess.Popen[bytes]
    logfile: Path
    family: set[int] = field(default_factory=set)

    def output(self) -> str:
        return self.logfile.read_text(errors="replace")

    def watch(self) -> None:
        with contextlib.suppress(psutil.NoSuchProcess):
            self.family |= {p.pid for p in psutil.Process(self.proc.pid).children(recursive=True)}

    def wait_ready(self, timeout: float = 240) -> str:
        """Wait for "Batches ready"; return the admin password it printed."""
        deadline = time.monotonic() + timeout
        while "Batches ready" not in self.output():
            assert self.proc.poll() is None, self.output()[-3000:]
            self.watch()
            assert time.monotonic() < deadline, "make run did not say it is ready in time"
            time.sleep(1)
        self.watch()
        line = next(ln for ln in self.output().splitlines() if "login admin / password" in ln)
        return line.rsplit(" ", 1)[1]

    def leftovers(self) -> list[Any]:
        time.sleep(1)
        left = [
            p
            for p in psutil.process_iter(["pid", "cmdline"])
            if p.info["pid"] in self.family and p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        ]
        postgres = [
            p
            for p in psutil.process_iter(["cmdline"])
            if any(str(self.local) in a for a in p.info["cmdline"] or [])
        ]
        return [p.info["cmdline"] for p in left + postgres]


@pytest.fixture
def make_run(request: pytest.FixtureRequest) -> Iterator[Run]:
    """`make run` (its executor: the test's indirect parameter, "local" by default)."""
    local = Path(tempfile.mkdtemp(prefix="ecbrun-", dir="/tmp"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(ECANDIDAT_LOCAL_DIR=str(local), AIRFLOW__API__PORT=str(port), PYTHONPATH=str(ROOT / "plugins"))
    env["ECANDIDAT_EXECUTOR"] = getattr(request, "param", "local")
    env.pop("ECANDIDAT_ADMIN_PASSWORD", None)
    logfile = local.parent / f"{local.name}.log"
    with logfile.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dev.launcher"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    run = Run(local, port, proc, logfile)
    try:
        yield run
    finally:
        if proc.poll() is None:  # the test failed half way: stop it as a user would, then by force
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                for pid in run.family:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        psutil.Process(pid).kill()
        shutil.rmtree(local, ignore_errors=True)


def test_run_starts_everything_on_localhost_and_ctrl_c_leaves_nothing(make_run: Run) -> None:
    password = make_run.wait_ready()
    port = make_run.port
    # A random password, not admin/admin.
    assert password != "admin"
    assert len(password) >= 16
    token = _token(port, password)
    # Once it says so, every batch DAG is there (`airflow dags trigger` works at once).
    dags = _get(f"http://127.0.0.1:{port}/api/v2/dags?tags=batch&limit=100", token)["dags"]
    assert {d["dag_id"] for d in dags} == {p.stem.upper() for p in (ROOT / "dags").glob("batch_*.py")}
    by_id = {d["dag_id"]: d for d in dags}
    assert by_id["BATCH_DEMO"]["is_paused"] is True  # out of service in the registry
    assert by_id["BATCH_APP_EN_MAINT"]["is_paused"] is False
    assert by_id["BATCH_APP_EN_MAINT"]["dag_display_name"] == "Mise en maintenance de l'application"
    assert _get(f"http://127.0.0.1:{port}/api/v2/importErrors", token)["total_entries"] == 0

    # Nothing listens beyond this machine, and the files holding secrets are private.
    listening = {
        (c.laddr.ip, c.laddr.port)
        for pid in make_run.family
        for c in _connections(pid)
        if c.status == psutil.CONN_LISTEN
    }
    assert listening, "the API server listens"
    assert {ip for ip, _port in listening} <= {"127.0.0.1", "::1"}, listening
    assert not {port for _ip, port in listening} & {8793, 8794}, "no log server on one machine"
    for secret in ("env.sh", "airflow/simple_auth_manager_passwords.json"):
        assert (make_run.local / secret).stat().st_mode & 0o777 == 0o600, secret

    import psycopg

    with psycopg.connect(host=str(make_run.local / "pg"), user="postgres", dbname="ecandidat") as conn:
        assert conn.execute("SELECT count(*) FROM campagne").fetchone()[0] == 3

    # A batch launched for real, in a worker process: the demo LimeSurvey forms get synchronised.
    _post(port, token, "/api/v2/dags/BATCH_SYNC_LIMESURVEY/dagRuns", {"logical_date": None})
    deadline = time.monotonic() + 120
    while True:
        runs = _get(f"http://127.0.0.1:{port}/api/v2/dags/BATCH_SYNC_LIMESURVEY/dagRuns", token)["dag_runs"]
        if runs and runs[0]["state"] in ("success", "failed"):
            break
        assert time.monotonic() < deadline, "BATCH_SYNC_LIMESURVEY did not finish"
        time.sleep(2)
    assert runs[0]["state"] == "success"
    with psycopg.connect(host=str(make_run.local / "pg"), user="postgres", dbname="ecandidat") as conn:
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
    make_run.watch()
    assert len(make_run.family) > 5

    # Ctrl-C in a terminal: SIGINT to the whole foreground process group.
    started = time.monotonic()
    os.killpg(make_run.proc.pid, signal.SIGINT)
    assert make_run.proc.wait(timeout=90) == 0
    print(f"stopped in {time.monotonic() - started:.1f} s")
    assert make_run.leftovers() == []
    assert (make_run.local / "pg" / "PG_VERSION").exists(), "the data stays for the next run"
    assert "AIRFLOW_CONN_LIMESURVEY_DEFAULT" in (make_run.local / "env.sh").read_text()


@pytest.mark.parametrize("make_run", ["celery"], indirect=True)
def test_the_distributed_profile_runs_batches_on_celery_workers_and_ctrl_c_leaves_nothing(
    make_run: Run,
) -> None:
    password = make_run.wait_ready()
    port = make_run.port
    token = _token(port, password)
    names = {" ".join(psutil.Process(pid).cmdline()) for pid in make_run.family if psutil.pid_exists(pid)}
    assert any("redis-server" in n for n in names), "Redis, the broker, is one of its processes"
    assert sum("celery worker" in n for n in names) >= 2, "two Celery workers"
    run = _post(port, token, "/api/v2/dags/BATCH_APP_EN_MAINT/dagRuns", {"logical_date": None})
    deadline = time.monotonic() + 120
    path = f"/api/v2/dags/BATCH_APP_EN_MAINT/dagRuns/{run['dag_run_id']}"
    while (state := _get(f"http://127.0.0.1:{port}{path}", token)["state"]) not in ("success", "failed"):
        assert time.monotonic() < deadline, "BATCH_APP_EN_MAINT did not finish"
        time.sleep(1)
    assert state == "success"
    ti = _get(f"http://127.0.0.1:{port}{path}/taskInstances", token)["task_instances"][0]
    assert ti["hostname"] in ("worker1", "worker2"), "run by a Celery worker, which says which"
    listening = {
        (c.laddr.ip, c.laddr.port)
        for pid in make_run.family
        for c in _connections(pid)
        if c.status == psutil.CONN_LISTEN
    }
    assert {ip for ip, _port in listening} <= {"127.0.0.1", "::1"}, listening
    make_run.watch()
    os.killpg(make_run.proc.pid, signal.SIGINT)
    assert make_run.proc.wait(timeout=90) == 0
    assert make_run.leftovers() == [], "Redis and the workers stopped too"


@pytest.mark.parametrize("victim", ["scheduler", "postgres"])
def test_a_component_that_dies_stops_everything_and_says_which(make_run: Run, victim: str) -> None:
    make_run.wait_ready()
    if victim == "postgres":
        pid = int((make_run.local / "pg" / "postmaster.pid").read_text().split()[0])
        expected = "PostgreSQL stopped unexpectedly"
    else:
        components = psutil.Process(make_run.proc.pid).children(recursive=False)
        pid = next(p.pid for p in components if "scheduler" in " ".join(p.cmdline()))
        expected = "Airflow's scheduler stopped unexpectedly"
    os.kill(pid, signal.SIGKILL)
    assert make_run.proc.wait(timeout=90) == 1
    assert expected in make_run.output()
    assert "stopping everything" in make_run.output()
    assert make_run.leftovers() == []


def _connections(pid: int) -> list[Any]:
    try:
        return psutil.Process(pid).net_connections(kind="inet")
    except psutil.Error:
        return []
