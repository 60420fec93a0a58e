"""The schema this package creates is eCandidat's, checked against the facts of its migrations.

``include/sql/schema/ecandidat`` lists eCandidat's tables, columns (type, nullability, default), keys
and foreign keys as its Flyway migrations make them. Both databases this package creates are read
back from ``information_schema`` and compared with that list, column by column and key by key, so that
any drift (a renamed column, a lost NOT NULL, a shorter length) fails here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.fixtures.appdb import AppDb

from ecandidat_batches import settings

FACTS = Path(settings.sql_dir()) / "schema" / "ecandidat"


def facts(name: str) -> list[dict[str, str]]:
    with (FACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def expected_postgresql(row: dict[str, str]) -> tuple[str, bool, str | None, bool]:
    """(type, nullable, default, identity) as PostgreSQL's information_schema shows the translation."""
    import re

    kind = row["column_type"]
    size = re.search(r"\((\d+)(?:,(\d+))?\)", kind)
    base = re.sub(r"\(.*\)", "", kind)
    types = {
        "int": "integer",
        "varchar": f"character varying({size[1] if size else ''})",
        "char": f"character({size[1] if size else ''})",
        "text": "text",
        "longtext": "text",
        "bit": "boolean",
        "datetime": "timestamp without time zone(0)",
        "time": "time without time zone(0)",
        "date": "date",
        "decimal": f"numeric({size[1]},{size[2]})" if size else "numeric",
    }
    default = row["default"]
    pg_default = {"": None, "NULL": None, "b'0'": "false", "b'1'": "true"}.get(default, default)
    return types[base], row["is_nullable"] == "YES", pg_default, row["extra"] == "auto_increment"


def test_mariadb_columns_are_ecandidats(app_db: AppDb) -> None:
    if app_db.engine != "mariadb":
        pytest.skip("MariaDB")
    got = {
        (r[0], r[1]): (r[2], r[3], r[4], r[5])
        for r in app_db.execute(
            "SELECT table_name, column_name, column_type, is_nullable, column_default, extra "
            "FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name <> 'ecandidat_batches_migration'"
        ).fetchall()
    }
    want = {
        (r["table"], r["column"]): (
            r["column_type"],
            r["is_nullable"],
            None if r["default"] == "" else r["default"],
            r["extra"],
        )
        for r in facts("columns.tsv")
    }
    assert set(got) == set(want), set(got) ^ set(want)
    assert {k: v for k, v in got.items() if v != want[k]} == {}


def test_postgresql_columns_are_the_translation(app_db: AppDb) -> None:
    if app_db.engine != "postgresql":
        pytest.skip("PostgreSQL")
    rows = app_db.execute(
        "SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision,"
        " numeric_scale, datetime_precision, is_nullable, column_default, is_identity"
        " FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name <> 'ecandidat_batches_migration'"
    ).fetchall()
    got = {}
    for table, column, data_type, length, precision, scale, dt_precision, nullable, default, identity in rows:
        kind = data_type
        if data_type in ("character varying", "character"):
            kind = f"{data_type}({length})"
        elif data_type == "numeric":
            kind = f"numeric({precision},{scale})"
        elif data_type.startswith(("timestamp", "time ")):
            kind = f"{data_type}({dt_precision})"
        pg_default = None if default is None else default.split("::")[0]
        got[(table, column)] = (kind, nullable == "YES", pg_default, identity == "YES")
    want = {(r["table"], r["column"]): expected_postgresql(r) for r in facts("columns.tsv")}
    assert set(got) == set(want), set(got) ^ set(want)
    assert {k: (v, want[k]) for k, v in got.items() if v != want[k]} == {}


def _keys(app_db: AppDb) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str, str]]]:
    """(table, kind, columns) of the primary and unique keys; (table, columns, table, columns) of the FKs."""
    here = "DATABASE()" if app_db.engine == "mariadb" else "current_schema()"
    keys = app_db.execute(
        "SELECT tc.table_name, tc.constraint_type, tc.constraint_name, kcu.column_name, kcu.ordinal_position"
        " FROM information_schema.table_constraints tc"
        " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name"
        " AND kcu.table_name = tc.table_name AND kcu.table_schema = tc.table_schema"
        f" WHERE tc.table_schema = {here} AND tc.table_name <> 'ecandidat_batches_migration'"
        " AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
    ).fetchall()
    grouped: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for table, kind, name, column, position in keys:
        grouped.setdefault((table, kind, name), []).append((position, column))
    pk_unique = {(t, k, ",".join(c for _p, c in sorted(cols))) for (t, k, _n), cols in grouped.items()}
    if app_db.engine == "mariadb":  # MariaDB names the referenced columns in key_column_usage itself
        fks = app_db.execute(
            "SELECT table_name, constraint_name, column_name, ordinal_position, referenced_table_name,"
            " referenced_column_name FROM information_schema.key_column_usage"
            " WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL"
        ).fetchall()
    else:
        fks = app_db.execute(
            "SELECT kcu.table_name, kcu.constraint_name, kcu.column_name, kcu.ordinal_position,"
            " kcu2.table_name, kcu2.column_name"
            " FROM information_schema.referential_constraints rc"
            " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name"
            " AND kcu.constraint_schema = rc.constraint_schema"
            " JOIN information_schema.key_column_usage kcu2"
            " ON kcu2.constraint_name = rc.unique_constraint_name"
            " AND kcu2.constraint_schema = rc.unique_constraint_schema"
            " AND kcu2.ordinal_position = kcu.ordinal_position"
            " WHERE rc.constraint_schema = current_schema()"
        ).fetchall()
    by_fk: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {}
    for table, name, column, position, ref_table, ref_column in fks:
        by_fk.setdefault((table, name), []).append((position, column, ref_table, ref_column))
    foreign = set()
    for (table, _name), parts in by_fk.items():
        parts.sort()
        columns = ",".join(p[1] for p in parts)
        foreign.add((table, columns, parts[0][2], ",".join(p[3] for p in parts)))
    return pk_unique, foreign


def test_keys_and_foreign_keys_are_ecandidats(app_db: AppDb) -> None:
    pk_unique, foreign = _keys(app_db)
    assert pk_unique == {(r["table"], r["kind"], r["columns"]) for r in facts("keys.tsv")}
    want = {
        (r["table"], r["columns"], r["referenced_table"], r["referenced_columns"])
        for r in facts("foreign_keys.tsv")
    }
    if app_db.engine == "postgresql":
        # The one key PostgreSQL cannot have: it references a prefix of siscol_regime's composite key.
        want.discard(("candidature", "cod_rgi", "siscol_regime", "cod_rgi"))
    assert foreign == want, foreign ^ want
