"""The schema pre-flight: before any change, the tables and columns a batch uses are there."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ecandidat_batches import settings
from ecandidat_batches.db.connection import Connection, DatabaseError
from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL, dialect_of
from ecandidat_batches.db.sqlfiles import execute, sql_path
from ecandidat_batches.db.transactions import transaction

if TYPE_CHECKING:
    from ecandidat_batches.jobs import Job


@functools.cache
def ecandidat_columns() -> dict[str, tuple[str, ...]]:
    """eCandidat's tables and their columns, from ``include/sql/schema/ecandidat/columns.tsv``."""
    import csv

    tables: dict[str, list[str]] = {}
    path = settings.sql_dir() / "schema" / "ecandidat" / "columns.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            tables.setdefault(row["table"], []).append(row["column"])
    return {table: tuple(columns) for table, columns in tables.items()}


def require(conn: Connection, files: Iterable[str], conn_id: str = settings.APP_DB_CONN_ID) -> None:
    """Check, before any change, that the tables and columns these SQL files use are in the database.

    :raises DatabaseError: naming the connection and every missing table or column.
    """
    require_columns(conn, used_columns(files, dialect_of(conn)), conn_id)


def used_columns(files: Iterable[str], dialect: str) -> dict[str, list[str]]:
    """eCandidat's tables and columns these SQL files name (read in ``dialect``'s file)."""
    words = _words(files, (dialect,))
    tables = ecandidat_columns()
    return {t: [c for c in columns if c in words] for t, columns in tables.items() if t in words}


def check_job(conn: Connection, job: Job, conn_id: str = settings.APP_DB_CONN_ID) -> None:
    """The pre-flight of a job (:class:`~ecandidat_batches.jobs.Job`): the tables and columns of its SQL
    files and those it declares, in one query of ``information_schema``.

    :raises DatabaseError: naming the connection and every missing table or column.
    """
    wanted = used_columns(job.sql, dialect_of(conn))
    for table, columns in job.columns.items():
        wanted[table] = [*wanted.get(table, []), *columns]
    require_columns(conn, wanted, conn_id)


def require_columns(
    conn: Connection, wanted: Mapping[str, Iterable[str]], conn_id: str = settings.APP_DB_CONN_ID
) -> None:
    """Check, before any change, that these tables have these columns (one query of
    ``information_schema``).

    :raises DatabaseError: naming the connection and every missing table or column.
    """
    with transaction(conn) as cur:
        present: dict[str, set[str]] = {}
        for table, column in execute(cur, "schema/columns.sql", {}).fetchall():
            present.setdefault(str(table).lower(), set()).add(str(column).lower())
    missing = []
    for table, columns in wanted.items():
        if table not in present:
            missing.append(f"la table {table}")
            continue
        missing += [f"la colonne {table}.{c}" for c in columns if c not in present[table]]
    if missing:
        raise DatabaseError(
            f"La base de la connexion {conn_id} n'a pas le schéma d'eCandidat qu'attendent les batches : "
            f"{', '.join(missing)} manque(nt) (ou ne sont pas accordées à son utilisateur : voir "
            "« python -m ecandidat_batches.admin.cli grants »). Rien n'a été modifié."
        )


def _words(files: Iterable[str], dialects: Iterable[str]) -> set[str]:
    """The lower-case words of these SQL files' code (comments left out), in these dialects."""
    words: set[str] = set()
    for dialect in dialects:
        for name in files:
            text = re.sub(r"--[^\n]*", "", sql_path(name, dialect).read_text(encoding="utf-8").lower())
            words |= set(re.findall(r"[a-z_][a-z0-9_]*", text))
    return words


def tables_named(files: Iterable[str]) -> list[str]:
    """eCandidat's tables that these SQL files use, in either dialect."""
    words = _words(files, (POSTGRESQL, MARIADB))
    return sorted(table for table in ecandidat_columns() if table in words)
