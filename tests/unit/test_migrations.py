"""Schema migrations: applied once, in order, protected against edits; the demo reset covers every table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import admin_connect
from ecandidat_batches import migrations, settings


@pytest.fixture
def empty_db(pgdata: Path) -> Any:
    with admin_connect(pgdata) as conn:
        conn.execute("DROP DATABASE IF EXISTS migr WITH (FORCE)")
        conn.execute("CREATE DATABASE migr")
    conn = admin_connect(pgdata, "migr")
    conn.autocommit = False
    yield conn
    conn.close()


def test_applied_once_in_order(empty_db: Any) -> None:
    applied = migrations.apply(empty_db)
    assert [m.version for m in applied] == sorted(m.version for m in migrations.discover())
    assert applied, "the package ships migrations"
    assert migrations.apply(empty_db) == []
    with empty_db.cursor() as cur:
        cur.execute("SELECT version FROM ecandidat_batches_migration ORDER BY version")
        assert [r[0] for r in cur.fetchall()] == [m.version for m in applied]


def test_edited_migration_is_refused(empty_db: Any, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(settings.sql_dir() / "migrations", folder)
    migrations.apply(empty_db, folder)
    first = sorted(folder.glob("V001__*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(RuntimeError, match=r"V001 .* was changed after it was applied"):
        migrations.apply(empty_db, folder)


def test_new_migration_is_applied_after_the_others(empty_db: Any, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(settings.sql_dir() / "migrations", folder)
    migrations.apply(empty_db, folder)
    (folder / "V999__add_column.sql").write_text("ALTER TABLE campagne ADD COLUMN note_test text;")
    assert [m.version for m in migrations.apply(empty_db, folder)] == [999]


def test_failed_migration_leaves_nothing_half_applied(empty_db: Any, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(settings.sql_dir() / "migrations", folder)
    migrations.apply(empty_db, folder)
    (folder / "V998__broken.sql").write_text("CREATE TABLE t_ok (a int); CREATE TABLE t_ok (a int);")
    with pytest.raises(Exception, match="t_ok"):
        migrations.apply(empty_db, folder)
    with empty_db.cursor() as cur:
        cur.execute(
            "SELECT to_regclass('t_ok'),"
            " (SELECT count(*) FROM ecandidat_batches_migration WHERE version = 998)"
        )
        assert cur.fetchone() == (None, 0)


@pytest.mark.parametrize("name", ["V1_bad.sql", "schema.sql"])
def test_badly_named_file_is_an_error(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("SELECT 1;")
    with pytest.raises(ValueError, match="must be named"):
        migrations.discover(tmp_path)


def test_nomenclature_never_overwrites_admin_values(app_db: Any) -> None:
    app_db.execute("UPDATE parametre SET val_param = '90' WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'")
    app_db.autocommit = False
    migrations.load_nomenclature(app_db)
    app_db.autocommit = True
    row = app_db.execute("SELECT val_param FROM parametre WHERE cod_param = 'TECH_NB_JOUR_KEEP_HISTO_BATCH'")
    assert row.fetchone()[0] == "90"


def test_parameters_have_ecandidat_defaults(app_db: Any) -> None:
    from ecandidat_batches.appdb import PARAMETRE_DEFAULTS

    rows = dict(app_db.execute("SELECT cod_param, val_param FROM parametre").fetchall())
    assert rows == PARAMETRE_DEFAULTS


def test_demo_reset_truncates_every_application_table(app_db: Any) -> None:
    tables = {
        r[0]
        for r in app_db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'ecandidat_batches_migration'"
        ).fetchall()
    }
    reset = (settings.sql_dir() / "demo" / "reset.sql").read_text()
    body = re.search(r"^TRUNCATE\s+(.*?)\s+RESTART IDENTITY", reset, re.MULTILINE | re.DOTALL)[1]
    listed = {t.strip() for t in re.split(r"[,\s]+", body) if t.strip()}
    assert listed == tables
