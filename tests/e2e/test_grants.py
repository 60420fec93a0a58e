"""The grants the README gives for eCandidat's own MariaDB: an account with exactly those (rows of the
listed tables, no DDL) runs every batch that works on the database, and reads nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecandidat_batches.admin.cli import grants, main
from ecandidat_batches.filestore import FileSystemStore
from ecandidat_batches.jobs import demo
from ecandidat_batches.registry import get_batch
from ecandidat_batches.tasks import execute_batch

USER, PASSWORD = "ecandidat_least", "least-pass"
DATABASE_BATCHES = ["BATCH_APP_EN_MAINT", "BATCH_CALCUL_RANG_LC", "BATCH_ARCHIVAGE", "BATCH_NETTOYAGE_CPT",
                    "BATCH_DESTRUCT_DOSSIER", "BATCH_APP_EN_SERVICE"]  # fmt: skip


@pytest.fixture
def least_privileged(app_db: Any, mariadb: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The demo data in MariaDB, and the batches connected as an account with only the printed grants."""
    store = FileSystemStore(tmp_path / "files")
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    account = f"'{USER}'@'localhost'"
    mariadb.execute(f"DROP USER IF EXISTS {account}", f"CREATE USER {account} IDENTIFIED BY '{PASSWORD}'",
                    *grants(account))  # fmt: skip
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(store.root))
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_DB", json.dumps(
        {"conn_type": "mysql", "login": USER, "password": PASSWORD, "schema": "ecandidat",
         "extra": {"unix_socket": str(mariadb.socket)}}
    ))  # fmt: skip
    yield mariadb
    mariadb.execute(f"DROP USER {account}")


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_printed_grants_run_every_database_batch(least_privileged: Any) -> None:
    done = {}
    for code in DATABASE_BATCHES:
        params = {"dry_run": False} if get_batch(code).dry_run else {}
        done[code] = execute_batch(code, {"params": params})["compteurs"]
    assert done["BATCH_APP_EN_MAINT"]["modifie"] == done["BATCH_APP_EN_SERVICE"]["modifie"] == 1
    assert done["BATCH_CALCUL_RANG_LC"]["rangs_modifies"] > 0
    assert done["BATCH_ARCHIVAGE"]["campagnes"] == 1
    assert done["BATCH_NETTOYAGE_CPT"]["comptes"] > 0
    assert done["BATCH_DESTRUCT_DOSSIER"]["compte_minima"] > 0


@pytest.mark.parametrize("engine", ["mariadb"])
def test_nothing_else_is_granted(least_privileged: Any) -> None:
    import MySQLdb

    conn = least_privileged.connect("ecandidat", user=USER, password=PASSWORD)
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM compte_minima")
        for forbidden in ("SELECT * FROM gestionnaire", "CREATE TABLE t_ecb (id int)", "DROP TABLE opi",
                          "CREATE VIEW v_ecb AS SELECT 1"):  # fmt: skip
            with pytest.raises(MySQLdb.OperationalError, match="denied"):
                cur.execute(forbidden)
    finally:
        conn.close()


def test_the_cli_prints_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grants", "'batch'@'10.0.0.%'", "--database", "ecand"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON `ecand`.`compte_minima` TO 'batch'@'10.0.0.%';" in lines
    assert not any("`gestionnaire`" in line or "`batch_histo`" in line for line in lines), (
        "more than the batches use"
    )


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_printed_grants_run_the_si_scolarite_synchronisation(
    least_privileged: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its temporary staging tables included (CREATE TEMPORARY TABLES), and nothing more."""
    from dev import referential
    from dev.fakes.pegase import FakePegase

    from conftest import AppDb
    from ecandidat_batches import appdb
    from ecandidat_batches.hooks.pegase import PegaseHook
    from ecandidat_batches.jobs import synchro_siscol
    from ecandidat_batches.siscol.sources import PegaseSource
    from ecandidat_batches.siscol.steps import STEPS

    conn = AppDb("mariadb", least_privileged.connect("ecandidat", user=USER, password=PASSWORD,
                                                     conv=appdb.mysql_conversions()))  # fmt: skip
    conn.autocommit = False
    with FakePegase() as server:
        referential.serve(server, referential.build(0.005))
        monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(
            {"conn_type": "http", "login": "ecandidat", "password": "secret", "extra": server.extras()}
        ))  # fmt: skip
        source = PegaseSource(PegaseHook())
        try:
            out = {s.name: synchro_siscol.run_step(conn, s.name, source, typ_siscol="P") for s in STEPS}
        finally:
            conn.close()
    assert out["commune"]["inseres"] > 0
    assert out["etablissement"]["inseres"] > 0
    assert out["version"]["inseres"] == 1
