"""The launcher's database preparation: demo data only into a new database; explicit settings win."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dev import launcher
from tests.fixtures.postgres import admin_connect


@pytest.fixture
def fresh_db(pgdata: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    with admin_connect(pgdata) as conn:
        conn.execute("DROP DATABASE IF EXISTS devenv_app WITH (FORCE)")
        conn.execute("CREATE DATABASE devenv_app")
    conn_json = json.dumps(
        {"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "devenv_app"}
    )
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_DB", conn_json)
    return {"AIRFLOW_CONN_ECANDIDAT_DB": conn_json}


def test_demo_data_only_into_a_new_database(fresh_db: dict, pgdata: Path, tmp_path: Path) -> None:
    fresh_db["AIRFLOW__ECANDIDAT__FILE_STORE_ROOT"] = str(tmp_path / "files")
    assert "demo data loaded" in launcher.prepare_app_database(fresh_db, created=True)
    assert any((tmp_path / "files" / "CAMP2025").rglob("*.pdf")), "the demo attachments are on disk"
    with admin_connect(pgdata, "devenv_app") as conn:
        conn.execute("UPDATE campagne SET lib_camp = 'gardée' WHERE cod_camp = 'CAMP2026'")
    assert "existing database kept" in launcher.prepare_app_database(fresh_db, created=False)
    with admin_connect(pgdata, "devenv_app") as conn:
        assert (
            conn.execute("SELECT lib_camp FROM campagne WHERE cod_camp = 'CAMP2026'").fetchone()[0]
            == "gardée"
        )


def test_explicit_settings_override_the_embedded_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "postgresql+psycopg2://u:p@db.example/airflow")
    env = launcher.airflow_env(tmp_path, tmp_path / "pg")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == "postgresql+psycopg2://u:p@db.example/airflow"
    assert env["AIRFLOW__CORE__PARALLELISM"] == "4"


def test_the_admin_password_is_random_kept_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ECANDIDAT_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_AIRFLOW_API", raising=False)  # an explicit one would win
    passwords = tmp_path / "airflow" / "simple_auth_manager_passwords.json"
    first = json.loads(launcher.airflow_env(tmp_path, None)["AIRFLOW_CONN_AIRFLOW_API"])["password"]
    assert first != "admin"
    assert len(first) >= 16
    assert json.loads(passwords.read_text()) == {"admin": first}
    assert passwords.stat().st_mode & 0o777 == 0o600
    assert json.loads(launcher.airflow_env(tmp_path, None)["AIRFLOW_CONN_AIRFLOW_API"])["password"] == first
    other = json.loads(launcher.airflow_env(tmp_path / "other", None)["AIRFLOW_CONN_AIRFLOW_API"])["password"]
    assert other != first  # another install, another password
    monkeypatch.setenv("ECANDIDAT_ADMIN_PASSWORD", "choisi-par-moi")
    chosen = json.loads(launcher.airflow_env(tmp_path, None)["AIRFLOW_CONN_AIRFLOW_API"])["password"]
    assert chosen == "choisi-par-moi"
    assert json.loads(passwords.read_text()) == {"admin": "choisi-par-moi"}


def test_files_with_secrets_are_private(tmp_path: Path) -> None:
    env = launcher.airflow_env(tmp_path, tmp_path / "pg")
    launcher.write_env_file(tmp_path / "env.sh", env)
    for path in (
        tmp_path / "env.sh",
        tmp_path / "airflow" / "jwt_secret",
        tmp_path / "airflow" / "api_secret_key",
    ):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"


def test_too_long_data_path_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="too long for a Unix socket"):
        launcher.start_postgres(tmp_path / ("x" * 120))


def test_ecandidat_executor_decides_even_over_a_sourced_env_sh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "postgresql+psycopg2://postgres@/airflow?host=/x"
    )
    monkeypatch.setenv("AIRFLOW__CORE__EXECUTOR", "CeleryExecutor")  # a celery run's env.sh, sourced
    assert launcher.airflow_env(tmp_path, None)["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    monkeypatch.setenv("AIRFLOW__CORE__EXECUTOR", "LocalExecutor")  # the other way round
    monkeypatch.setenv("AIRFLOW__CELERY__BROKER_URL", "redis://broker.example:6379/0")  # explicit: kept
    env = launcher.celery_env(launcher.airflow_env(tmp_path, None), tmp_path / "redis.sock")
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://broker.example:6379/0"
    assert env["AIRFLOW__CELERY__RESULT_BACKEND"] == "db+postgresql://postgres@/airflow?host=/x"


def test_redis_starts_on_its_socket_even_after_a_killed_run(tmp_path: Path) -> None:
    from tests.fixtures.airflow import stop_process_group

    folder = tmp_path / "redis"
    folder.mkdir()
    (folder / "redis.sock").write_text("")  # a killed Redis leaves its socket file behind
    proc = launcher.start_redis(folder)
    try:
        assert launcher._redis_answers(folder / "redis.sock")
    finally:
        stop_process_group(proc)
    assert not launcher._redis_answers(folder / "redis.sock")
