"""How long a launched batch waits before its task starts: CeleryExecutor against LocalExecutor.

``python -m bench.trigger_latency [LAUNCHES]`` (10 by default). For each executor it starts ``make
run``'s launcher (``dev.launcher``: the embedded PostgreSQL, Airflow's components as separate
processes; ``ECANDIDAT_EXECUTOR=celery`` adds Redis and two Celery workers) in a temporary folder,
then launches BATCH_APP_EN_MAINT and BATCH_APP_EN_SERVICE in turn through the REST API, as
"Lancer immédiatement" does, one after the other, and measures each run's wait: from the run's
creation (``queued_at``) to its task's start (``start_date``). Prints the median and the worst of
each, and the ratio Celery / Local.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-only-password"
CODES = ("BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE")


class Api:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.token = ""

    def login(self) -> None:
        body = json.dumps({"username": "admin", "password": PASSWORD}).encode()
        request = urllib.request.Request(
            f"{self.base}/auth/token", body, {"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            self.token = json.load(response)["access_token"]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}/api/v2{path}",
            data,
            {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def measure(executor: str, launches: int, port: int) -> list[float]:
    base = Path(tempfile.mkdtemp(prefix="ecbl-", dir="/tmp"))
    env = dict(
        os.environ,
        ECANDIDAT_EXECUTOR=executor,
        ECANDIDAT_LOCAL_DIR=str(base),
        ECANDIDAT_ADMIN_PASSWORD=PASSWORD,
        AIRFLOW__API__PORT=str(port),
        PYTHONPATH=os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
    )
    log = (base / "launcher.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dev.launcher"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while "Batches ready" not in (base / "launcher.log").read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the {executor} launcher did not start: see {base / 'launcher.log'}")
            time.sleep(1)
        api = Api(port)
        api.login()
        for code in CODES:
            api.call("PATCH", f"/dags/{code}", {"is_paused": False})
        waits = []
        for i in range(launches + 1):  # the first launch warms up the workers: not counted
            code = CODES[i % 2]
            run = api.call("POST", f"/dags/{code}/dagRuns", {"logical_date": None})
            run_id = run["dag_run_id"]
            while (state := api.call("GET", f"/dags/{code}/dagRuns/{run_id}"))["state"] not in (
                "success",
                "failed",
            ):
                time.sleep(0.2)
            ti = api.call("GET", f"/dags/{code}/dagRuns/{run_id}/taskInstances")["task_instances"][0]
            if i:
                waits.append((_time(ti["start_date"]) - _time(state["queued_at"])).total_seconds())
        return waits
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main(argv: list[str]) -> None:
    launches = int(argv[0]) if argv else 10
    results = {}
    for executor, port in (("local", 8097), ("celery", 8098)):
        waits = measure(executor, launches, port)
        results[executor] = statistics.median(waits)
        print(f"{executor:6}: {launches} launches, trigger -> start median {statistics.median(waits):.2f} s, "
              f"worst {max(waits):.2f} s", flush=True)  # fmt: skip
    print(f"Celery / Local (median): {results['celery'] / results['local']:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
