"""Dry runs cannot drift from real runs: each one runs the real statements, then rolls them back.

For every batch of the registry with a dry run on the eCandidat database, on the demo data made harder
(a stored file shared by a destroyed row and a kept one, two rows on one path, a record a crashed run
left, accounts to clean): the dry run leaves every table and every file as it was, and reports
exactly what the real run then does, line for line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.airflow import DAGS

from ecandidat_batches.files.stores import FileSystemStore
from ecandidat_batches.jobs import demo
from ecandidat_batches.schedule.registry import BATCHES

ROOT = Path(__file__).resolve().parents[2]
# The batches whose dry run is about the eCandidat database alone (the others act on Airflow's API and
# list; those with mails list them too, and test_confirmation.py checks them on data where they have
# work; those of an external system are checked with its local server, in their own tests, and
# BATCH_SYNCHRO_SISCOL's steps read an SI Scolarité: test_synchro_siscol.py runs its dry runs).
_ELSEWHERE = {"api", "outbox_journal", "opi_metier", "pj_service", "limesurvey", "source"}
DB_DRY_RUNS = sorted(
    code
    for code, b in BATCHES.items()
    if b.job
    and b.dry_run
    and "conn" in b.job.resources
    and not _ELSEWHERE & set(b.job.resources)
    and code != "BATCH_SYNCHRO_SISCOL"
)
#: The time stamp that starts each summary line, and the dry run's mark.
_STAMP = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d - (\[simulation\] )?")


def whole_database(conn: Any) -> dict[str, list[str]]:
    """Every row of every table of the application database."""
    here = "DATABASE()" if conn.engine == "mariadb" else "current_schema()"
    tables = [
        t
        for (t,) in conn.execute(
            f"SELECT table_name FROM information_schema.tables WHERE table_schema = {here} ORDER BY 1"
        ).fetchall()
    ]
    assert len(tables) >= 89
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def files(store: FileSystemStore) -> dict[str, bytes]:
    return {str(p.relative_to(store.root)): p.read_bytes() for p in store.root.rglob("*") if p.is_file()}


@pytest.fixture
def hard_data(app_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, FileSystemStore]:
    """The demo dataset, plus what makes files hard to count."""
    store = FileSystemStore(tmp_path / "files")
    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    app_db.autocommit = True
    # A stored file used by a row of the destroyed campaign and by one of a kept campaign.
    for cod_camp in ("CAMP2025", "CAMP2026"):
        app_db.execute(
            "UPDATE fichier SET file_fichier = 'partage/commun.pdf' WHERE id_fichier = (SELECT min(id_fichier)"
            " FROM fichier WHERE file_fichier LIKE %s)",
            (cod_camp + "/%",),
        )
    store.write("partage/commun.pdf", b"%PDF-1.4 shared\n")
    # A record left by a crashed run, whose file is still on disk.
    app_db.execute(
        "INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,"
        " typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)"
        " VALUES (999999, 'X', 'CAMP2025/reste.pdf', 'reste.pdf', 'C', 'F', 'batch', localtimestamp, localtimestamp)"
    )
    store.write("CAMP2025/reste.pdf", b"%PDF-1.4 left over\n")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(store.root))
    return app_db, store


def launch(code: str, **conf: Any) -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS / f"{code.lower()}.py")).dags[code]
    run = dag.test(logical_date=None, run_conf={"dry_run": False, **conf})
    assert str(getattr(run.state, "value", run.state)) == "success"
    work = next(iter(run.get_task_instances()))
    return work.xcom_pull(task_ids=work.task_id)  # type: ignore[no-any-return]


def test_every_database_dry_run_is_covered() -> None:
    assert DB_DRY_RUNS == ["BATCH_ARCHIVAGE", "BATCH_CALCUL_RANG_LC", "BATCH_DESTRUCT_DOSSIER",
                           "BATCH_MAJ_GESTIONNAIRE", "BATCH_NETTOYAGE_CPT"]  # fmt: skip


@pytest.mark.parametrize("code", DB_DRY_RUNS)
def test_dry_run_changes_nothing_and_reports_what_the_run_does(
    airflow_db: None,
    hard_data: tuple[Any, FileSystemStore],
    code: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conn, store = hard_data
    if "ldap" in BATCHES[code].job.resources:  # type: ignore[union-attr]  # the directory: one demo individu renamed, the other gone
        from tests.fixtures.slapd import ldap_conn_json

        directory = request.getfixturevalue("directory")
        directory.add_people([("admin", "Administratrice eCandidat", "admin@example.org")])
        request.addfinalizer(directory.clear_people)
        monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", ldap_conn_json(directory.url))
    before, stored = whole_database(conn), files(store)

    dry = launch(code, dry_run=True)
    assert whole_database(conn) == before
    assert files(store) == stored
    assert dry["simulation"] is True

    real = launch(code)
    assert real["compteurs"] == dry["compteurs"]
    assert [_STAMP.sub("", line) for line in real["lignes"]] == [
        _STAMP.sub("", line) for line in dry["lignes"]
    ]
    assert all("[simulation]" in line for line in dry["lignes"])
    assert whole_database(conn) != before, "the real run had something to do"
