"""A database the batches cannot use: a connection of another type, a server that does not answer, a
schema without a table or column a batch needs. The run fails before any change, naming what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.airflow import free_port
from tests.helpers import execute_batch

from ecandidat_batches.db.connection import DatabaseError
from ecandidat_batches.files.stores import FileSystemStore
from ecandidat_batches.jobs import demo
from ecandidat_batches.schedule.registry import get_batch

#: What a batch may change: its rows must be the same after a refused run.
WATCHED = ["parametre", "campagne", "compte_minima", "histo_num_dossier", "candidat", "candidature", "fichier",
           "pj_cand", "fichier_fiabilisation", "load_balancing_reload"]  # fmt: skip


def snapshot(conn: Any) -> dict[str, list[str]]:
    """Every row of the watched tables (the demo data is small)."""
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in WATCHED}


@pytest.fixture
def demo_db(app_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    store = FileSystemStore(tmp_path / "files")
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(store.root))
    return app_db


@contextmanager
def renamed(conn: Any, table: str, column: str | None = None) -> Iterator[None]:
    """A table (or one of its columns) missing, as in a database of another eCandidat version; put back after."""
    kind = f"{table} RENAME COLUMN {column} TO {column}_x" if column else f"{table} RENAME TO {table}_x"
    back = f"{table} RENAME COLUMN {column}_x TO {column}" if column else f"{table}_x RENAME TO {table}"
    conn.execute(f"ALTER TABLE {kind}")
    try:
        yield
    finally:
        conn.execute(f"ALTER TABLE {back}")


def test_a_connection_of_another_type_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_ECANDIDAT_DB", json.dumps({"conn_type": "http", "host": "ecandidat.example.org"})
    )

    with pytest.raises(DatabaseError, match=r"connexion ecandidat_db est de type « http » : attendu mysql"):
        execute_batch("BATCH_APP_EN_MAINT", {"params": {}})


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_an_unreachable_server_is_named(engine: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if engine == "mariadb":
        conn = {"conn_type": "mysql", "login": "ecandidat_batch", "password": "x", "schema": "ecandidat",
                "extra": {"unix_socket": str(tmp_path / "nothing.sock")}}  # fmt: skip
    else:
        conn = {"conn_type": "postgres", "host": "127.0.0.1", "port": free_port(), "login": "ecandidat",
                "schema": "ecandidat"}  # fmt: skip
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_DB", json.dumps(conn))

    with pytest.raises(DatabaseError, match=r"La base de la connexion ecandidat_db est injoignable : .+"):
        execute_batch("BATCH_NETTOYAGE_CPT", {"params": {"dry_run": False}})


@pytest.mark.parametrize(
    ("code", "table", "column", "named"),
    [
        ("BATCH_NETTOYAGE_CPT", "compte_minima", "dat_fin_valid_cpt_min", "la colonne compte_minima.dat_fin_valid_cpt_min"),
        ("BATCH_DESTRUCT_DOSSIER", "fichier_fiabilisation", None, "la table fichier_fiabilisation"),
        ("BATCH_ARCHIVAGE", "candidature", "dat_analyse_form", "la colonne candidature.dat_analyse_form"),
        ("BATCH_APP_EN_MAINT", "load_balancing_reload", None, "la table load_balancing_reload"),
    ],
)  # fmt: skip
def test_a_missing_table_or_column_fails_the_run_before_any_change(
    demo_db: Any, code: str, table: str, column: str | None, named: str
) -> None:
    # Every batch has work to do in the demo data: CAMP2027 is due, CAMP2025 past its retention.
    params = {"params": {"dry_run": False} if get_batch(code).dry_run else {}}
    before = snapshot(demo_db)

    with renamed(demo_db, table, column), pytest.raises(DatabaseError) as failure:
        execute_batch(code, params)
    assert snapshot(demo_db) == before, "nothing may change before the schema is checked"

    message = str(failure.value)
    assert "connexion ecandidat_db" in message
    assert named in message
    assert "Rien n'a été modifié" in message
    # With the schema whole again, the same batch runs.
    assert execute_batch(code, params)["batch"] == code
    assert snapshot(demo_db) != before
