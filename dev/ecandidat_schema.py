"""Write the DDL of eCandidat's schema for the databases this package creates, from the facts of
``include/sql/schema/ecandidat`` (what eCandidat's migrations make; see its README).

``python -m dev.ecandidat_schema`` writes ``dev/sql/migrations/mariadb/V001__ecandidat_2_4_06.sql``
(eCandidat's tables as MariaDB has them) and ``dev/sql/migrations/postgresql/V001__...`` (their
PostgreSQL translation). Both are checked in; ``tests/unit/test_ecandidat_schema.py`` compares the
databases they create with the facts.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "include" / "sql" / "schema" / "ecandidat"
MIGRATIONS = ROOT / "dev" / "sql" / "migrations"
NAME = "V001__ecandidat_2_4_06.sql"
#: The one foreign key PostgreSQL cannot have: it points at a prefix of a composite primary key.
POSTGRESQL_SKIPPED_FKS = {("candidature", "fk_candidature_siscol_regime")}


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    type: str
    nullable: bool
    default: str  # as MariaDB's COLUMN_DEFAULT: '' none, NULL, 'text', b'0', 0
    auto_increment: bool


@dataclass(frozen=True)
class Schema:
    tables: dict[str, list[Column]]
    keys: dict[str, list[tuple[str, str, list[str]]]]  # table -> (name, kind, columns)
    foreign_keys: list[tuple[str, str, list[str], str, list[str]]]
    indexes: dict[str, list[tuple[str, list[str]]]]


def _rows(name: str) -> list[dict[str, str]]:
    with (FACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load() -> Schema:
    """The facts, as read from the TSV files."""
    tables: dict[str, list[Column]] = defaultdict(list)
    for r in _rows("columns.tsv"):
        tables[r["table"]].append(
            Column(
                r["table"],
                r["column"],
                r["column_type"],
                r["is_nullable"] == "YES",
                r["default"],
                r["extra"] == "auto_increment",
            )
        )
    keys: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for r in _rows("keys.tsv"):
        keys[r["table"]].append((r["constraint"], r["kind"], r["columns"].split(",")))
    fks = [
        (
            r["table"],
            r["constraint"],
            r["columns"].split(","),
            r["referenced_table"],
            r["referenced_columns"].split(","),
        )
        for r in _rows("foreign_keys.tsv")
    ]
    indexes: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for r in _rows("indexes.tsv"):
        indexes[r["table"]].append((r["index"], r["columns"].split(",")))
    return Schema(dict(tables), dict(keys), fks, dict(indexes))


def postgresql_type(column: Column) -> str:
    """The PostgreSQL type of a MariaDB column type of eCandidat's."""
    base = re.sub(r"\(.*\)", "", column.type)
    size = re.search(r"\((.*)\)", column.type)
    if base == "int":
        return "integer"
    if base in ("varchar", "char"):
        return f"{base}({size[1]})" if size else base
    if base in ("text", "longtext"):
        return "text"
    if base == "bit":
        return "boolean"
    if base == "datetime":
        return "timestamp(0) without time zone"
    if base == "time":
        return "time(0) without time zone"
    if base == "date":
        return "date"
    if base == "decimal":
        return f"numeric({size[1]})" if size else "numeric"
    raise ValueError(f"{column.table}.{column.name}: no PostgreSQL translation for {column.type}")


def _default(column: Column, dialect: str) -> str:
    value = column.default
    if value in ("", "NULL"):
        return ""
    if dialect == "postgresql" and value in ("b'0'", "b'1'"):
        value = "false" if value == "b'0'" else "true"
    return f" DEFAULT {value}"


def _quote(name: str, dialect: str) -> str:
    return f"`{name}`" if dialect == "mariadb" else f'"{name}"'


def ddl(schema: Schema, dialect: str) -> str:
    """The whole schema's DDL in ``dialect`` (``mariadb`` or ``postgresql``): tables, keys, indexes, FKs."""
    q = lambda name: _quote(name, dialect)  # noqa: E731
    cols = lambda names: ", ".join(q(n) for n in names)  # noqa: E731
    out = [
        "-- eCandidat's application schema at its migration V2_4_06_00, for the databases this package",
        "-- creates (embedded, tests, demo). Written by `python -m dev.ecandidat_schema` from the facts of",
        "-- include/sql/schema/ecandidat: do not edit by hand. A real eCandidat database is eCandidat's own.",
        "",
    ]
    for table in sorted(schema.tables):
        lines = []
        for c in schema.tables[table]:
            if dialect == "mariadb":
                kind = c.type + ("" if c.nullable else " NOT NULL") + _default(c, dialect)
                kind += " AUTO_INCREMENT" if c.auto_increment else ""
            else:
                kind = postgresql_type(c) + (" GENERATED BY DEFAULT AS IDENTITY" if c.auto_increment else "")
                kind += ("" if c.nullable else " NOT NULL") + _default(c, dialect)
            lines.append(f"    {q(c.name)} {kind}")
        for name, kind, columns in schema.keys.get(table, []):
            if kind == "PRIMARY KEY":
                pk = "" if dialect == "mariadb" else f"CONSTRAINT {q(table + '_pkey')} "
                lines.append(f"    {pk}PRIMARY KEY ({cols(columns)})")
            else:
                prefix = f"UNIQUE KEY {q(name)}" if dialect == "mariadb" else f"CONSTRAINT {q(name)} UNIQUE"
                lines.append(f"    {prefix} ({cols(columns)})")
        if dialect == "mariadb":
            lines += [
                f"    KEY {q(name)} ({cols(columns)})" for name, columns in schema.indexes.get(table, [])
            ]
        tail = (
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"
            if dialect == "mariadb"
            else ""
        )
        out.append(f"CREATE TABLE {q(table)} (\n" + ",\n".join(lines) + f"\n){tail};\n")
    if dialect == "postgresql":
        for table in sorted(schema.indexes):
            for name, columns in schema.indexes[table]:
                out.append(f"CREATE INDEX {q(name)} ON {q(table)} ({cols(columns)});")
        out.append("")
    for table, name, columns, ref_table, ref_columns in schema.foreign_keys:
        if dialect == "postgresql" and (table, name) in POSTGRESQL_SKIPPED_FKS:
            out.append(
                f"-- {table}.{name}: references a prefix of a composite key, which PostgreSQL refuses."
            )
            continue
        out.append(
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} FOREIGN KEY ({cols(columns)}) "
            f"REFERENCES {q(ref_table)} ({cols(ref_columns)});"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    schema = load()
    for dialect in ("mariadb", "postgresql"):
        path = MIGRATIONS / dialect / NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ddl(schema, dialect), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(schema.tables)} tables")


if __name__ == "__main__":
    main()
