"""Schema migrations: applied once, in order, protected against edits; refused on eCandidat's own database."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dev import SQL, migrations
from tests.fixtures.appdb import AppDb
from tests.fixtures.postgres import admin_connect

from ecandidat_batches import settings
from ecandidat_batches.db.preflight import ecandidat_columns
from ecandidat_batches.hooks.ecandidat_db import mysql_conversions


@pytest.fixture
def empty_db(engine: str, request: pytest.FixtureRequest) -> Iterator[AppDb]:
    """An empty database named ``migr`` in ``engine``, its connection not in autocommit."""
    if engine == "mariadb":
        server = request.getfixturevalue("mariadb")
        server.execute("DROP DATABASE IF EXISTS migr", "CREATE DATABASE migr")
        conn = AppDb(engine, server.connect("migr", conv=mysql_conversions()))
    else:
        pgdata = request.getfixturevalue("pgdata")
        with admin_connect(pgdata) as admin:
            admin.execute("DROP DATABASE IF EXISTS migr WITH (FORCE)")
            admin.execute("CREATE DATABASE migr")
        conn = AppDb(engine, admin_connect(pgdata, "migr"))
    conn.autocommit = False
    yield conn
    conn.close()


def _copy(engine: str, tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(SQL / "migrations" / engine, folder)
    return folder


def test_applied_once_in_order(empty_db: AppDb) -> None:
    applied = migrations.apply(empty_db)
    folder = migrations.folder_of(empty_db.engine)
    assert [m.version for m in applied] == sorted(m.version for m in migrations.discover(folder))
    assert applied, "the package ships migrations"
    assert migrations.apply(empty_db) == []
    cur = empty_db.cursor()
    cur.execute("SELECT version FROM ecandidat_batches_migration ORDER BY version")
    assert [r[0] for r in cur.fetchall()] == [m.version for m in applied]


def test_edited_migration_is_refused(empty_db: AppDb, tmp_path: Path) -> None:
    folder = _copy(empty_db.engine, tmp_path)
    migrations.apply(empty_db, folder)
    first = sorted(folder.glob("V001__*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(RuntimeError, match=r"V001 .* was changed after it was applied.*make clean"):
        migrations.apply(empty_db, folder)


def test_new_migration_is_applied_after_the_others(empty_db: AppDb, tmp_path: Path) -> None:
    folder = _copy(empty_db.engine, tmp_path)
    migrations.apply(empty_db, folder)
    (folder / "V999__add_column.sql").write_text("ALTER TABLE campagne ADD COLUMN note_test text;")
    assert [m.version for m in migrations.apply(empty_db, folder)] == [999]


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_failed_migration_leaves_nothing_half_applied(empty_db: AppDb, tmp_path: Path) -> None:
    """PostgreSQL applies a migration in one transaction (MariaDB commits each DDL statement)."""
    folder = _copy(empty_db.engine, tmp_path)
    migrations.apply(empty_db, folder)
    (folder / "V998__broken.sql").write_text("CREATE TABLE t_ok (a int);\nCREATE TABLE t_ok (a int);")
    with pytest.raises(Exception, match="t_ok"):
        migrations.apply(empty_db, folder)
    cur = empty_db.cursor()
    cur.execute(
        "SELECT to_regclass('t_ok'), (SELECT count(*) FROM ecandidat_batches_migration WHERE version = 998)"
    )
    assert cur.fetchone() == (None, 0)


def test_a_real_ecandidat_database_is_refused(empty_db: AppDb) -> None:
    """Flyway's history table (schema_version) marks eCandidat's own database: never migrated from here."""
    cur = empty_db.cursor()
    cur.execute("CREATE TABLE schema_version (installed_rank int PRIMARY KEY, version varchar(50))")
    empty_db.commit()
    with pytest.raises(migrations.EcandidatDatabaseError, match="historique Flyway d'eCandidat"):
        migrations.apply(empty_db)
    cur = empty_db.cursor()
    here = "DATABASE()" if empty_db.engine == "mariadb" else "current_schema()"
    cur.execute(f"SELECT count(*) FROM information_schema.tables WHERE table_schema = {here}")
    assert cur.fetchone()[0] == 1  # nothing was created beside it


@pytest.mark.parametrize("name", ["V1_bad.sql", "schema.sql"])
def test_badly_named_file_is_an_error(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("SELECT 1;")
    with pytest.raises(ValueError, match="must be named"):
        migrations.discover(tmp_path)


def test_nomenclature_never_overwrites_admin_values(app_db: AppDb) -> None:
    app_db.execute("UPDATE parametre SET val_param = '90' WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'")
    app_db.autocommit = False
    migrations.load_nomenclature(app_db)
    app_db.autocommit = True
    row = app_db.execute("SELECT val_param FROM parametre WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'")
    assert row.fetchone()[0] == "90"


def test_the_nomenclature_is_ecandidats(app_db: AppDb) -> None:
    """The reference rows eCandidat's NomenclatureController writes, with its codes and defaults."""
    from ecandidat_batches.db.parametre import PARAMETRE_DEFAULTS

    params = dict(app_db.execute("SELECT cod_param, val_param FROM parametre").fetchall())
    assert len(params) == 48
    assert {k: params[k] for k in PARAMETRE_DEFAULTS} == PARAMETRE_DEFAULTS
    flags = app_db.execute(
        "SELECT typ_param, tem_scol, tem_affiche FROM parametre WHERE cod_param = 'TECH_IS_MAINTENANCE'"
    ).fetchone()
    assert tuple(flags) == ("Boolean", False, False)
    decisions = app_db.execute(
        "SELECT d.cod_typ_dec, d.cod_typ_avis, m.cod_mail, d.tem_deverse_opi_typ_dec FROM type_decision d"
        " JOIN mail m ON m.id_mail = d.id_mail ORDER BY d.cod_typ_dec"
    ).fetchall()
    assert [tuple(d) for d in decisions] == [
        ("AVIS_DEFAVORABLE", "DE", "AVIS_DEFAVORABLE", False),
        ("AVIS_FAVORABLE", "FA", "AVIS_FAVORABLE", True),
        ("AVIS_LISTE_ATT", "LA", "AVIS_LISTE_ATT", False),
        ("AVIS_LISTE_COMP", "LC", "AVIS_LISTE_COMP", False),
        ("AVIS_PRESELECTION", "PR", "AVIS_PRESELECTION", False),
    ]
    subject = app_db.execute(
        "SELECT t.val_trad FROM mail m JOIN i18n_traduction t ON t.id_i18n = m.id_i18n_sujet_mail"
        " WHERE m.cod_mail = 'CANDIDATURE_RELANCE_FAVO' AND t.cod_langue = 'fr'"
    ).fetchone()[0]
    assert subject == "Attente de confirmation sur eCandidat"
    assert app_db.execute("SELECT count(*) FROM mail WHERE tes_mail").fetchone()[0] == 30
    batches = app_db.execute("SELECT cod_batch, tes_batch FROM batch ORDER BY cod_batch").fetchall()
    assert len(batches) == 16
    assert not any(tes for _cod, tes in batches)  # all out of service, as eCandidat creates them


def test_demo_reset_empties_every_application_table() -> None:
    """Every table of eCandidat's schema but its batch tables, in both dialects."""
    expected = set(ecandidat_columns()) - {"batch", "batch_histo", "batch_run"}
    postgresql = (settings.sql_dir() / "demo" / "reset.postgresql.sql").read_text()
    body = re.search(r"^TRUNCATE\s+(.*?)\s+RESTART IDENTITY", postgresql, re.MULTILINE | re.DOTALL)[1]
    assert {t.strip() for t in re.split(r"[,\s]+", body) if t.strip()} == expected
    mariadb = (settings.sql_dir() / "demo" / "reset.mariadb.sql").read_text()
    assert set(re.findall(r"^DELETE FROM (\w+);", mariadb, re.MULTILINE)) == expected


def test_dialect_files_come_in_pairs() -> None:
    """A statement the dialects write differently has both variants, side by side; never one alone."""
    for variant in settings.sql_dir().rglob("*.postgresql.sql"):
        assert variant.with_name(variant.name.replace(".postgresql.", ".mariadb.")).exists(), variant
        assert not variant.with_name(variant.name.replace(".postgresql.", ".")).exists(), variant
    for variant in settings.sql_dir().rglob("*.mariadb.sql"):
        assert variant.with_name(variant.name.replace(".mariadb.", ".postgresql.")).exists(), variant


def test_nothing_of_ours_in_the_mariadb_schema(app_db: AppDb) -> None:
    """On MariaDB, the schema is eCandidat's alone: no view, routine, trigger or index of ours."""
    if app_db.engine != "mariadb":
        pytest.skip("the PostgreSQL copy adds one index (V002, documented)")
    views = app_db.execute("SELECT count(*) FROM information_schema.views WHERE table_schema = DATABASE()")
    assert views.fetchone()[0] == 0
    routines = app_db.execute(
        "SELECT count(*) FROM information_schema.routines WHERE routine_schema = DATABASE()"
    )
    assert routines.fetchone()[0] == 0
