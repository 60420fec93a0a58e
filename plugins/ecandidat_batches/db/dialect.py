"""The two dialects of eCandidat's database: which one a connection speaks, and what differs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ecandidat_batches.db.connection import DatabaseError
from ecandidat_batches.hooks.ecandidat_db import is_mariadb

#: The dialects, as they name the SQL files.
POSTGRESQL, MARIADB = "postgresql", "mariadb"


def dialect_of(conn_or_cursor: object) -> str:
    """The dialect of a DB-API connection or cursor, from its driver (or its ``ecandidat_dialect``)."""
    declared = getattr(conn_or_cursor, "ecandidat_dialect", None)
    if declared in (POSTGRESQL, MARIADB):
        return str(declared)
    module = type(conn_or_cursor).__module__
    if module.startswith("psycopg"):
        return POSTGRESQL
    if module.startswith(("MySQLdb", "pymysql", "mysql.connector")):
        return MARIADB
    raise DatabaseError(f"pilote de base de données inconnu : {module}")


@contextmanager
def hash_joins(conn: Any) -> Iterator[None]:
    """MariaDB: hash joins for the statements run in this block, then the server's defaults again.

    For joins on columns that eCandidat does not index (``fichier.file_fichier``, which
    BATCH_DESTRUCT_DOSSIER compares): MariaDB's default compares every row with every other. The
    buffer holds a chunk's file records (``varchar(1000)`` paths): up to 32 MiB, taken only as needed,
    instead of 256 KiB, which made each chunk scan ``fichier`` once per 256 KiB. Not for the whole
    session: where an index exists, a hash join scans the whole indexed table instead of looking rows
    up (the LimeSurvey upserts were 10 times slower).
    """
    if not is_mariadb(conn):
        yield
        return
    cur = conn.cursor()
    cur.execute(
        "SET SESSION join_cache_level = 4, join_buffer_size = 33554432, join_buffer_space_limit = 67108864"
    )
    reset = (
        "SET SESSION join_cache_level = DEFAULT, join_buffer_size = DEFAULT,"
        " join_buffer_space_limit = DEFAULT"
    )
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):  # the connection may be what failed: keep its error
            cur.execute(reset)
        raise
    else:
        cur.execute(reset)
    finally:
        with contextlib.suppress(Exception):
            cur.close()


def bind(params: Mapping[str, Any], dialect: str) -> dict[str, Any]:
    """Lists bound as the dialect binds them: an array in PostgreSQL, ``(a, b)`` in MariaDB (where an
    empty list becomes ``(NULL)``, which matches nothing)."""
    if dialect != MARIADB:
        return dict(params)
    return {k: (list(v) or [None]) if isinstance(v, list | tuple) else v for k, v in params.items()}


#: What a SQL file shared by both dialects writes in MariaDB's words, and how PostgreSQL says it:
#: each is a construct sqlfluff parses in both dialects, rewritten when the file is read for
#: PostgreSQL. Where the dialects differ more, a file per dialect says it (``x.postgresql.sql``).
_FOR_POSTGRESQL: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    # A list bound to IN: MariaDB's driver expands a tuple; PostgreSQL compares with an array.
    (re.compile(r"\bIN\s+(%\(\w+\)s)"), lambda m: f"= ANY({m[1]})"),
    # A session's temporary tables dropped: PostgreSQL names their schema, so that no real table of
    # the same name is ever dropped instead.
    (
        re.compile(r"\bDROP TEMPORARY TABLE IF EXISTS (\w+(?:\s*,\s*\w+)*)"),
        lambda m: "DROP TABLE IF EXISTS " + ", ".join(f"pg_temp.{t.strip()}" for t in m[1].split(",")),
    ),
    # The database the connection opens: its current schema in PostgreSQL.
    (re.compile(r"\bDATABASE\(\)"), lambda _m: "current_schema()"),
    # A date plus a number of days (the date's expression holds no comma).
    (
        re.compile(r"\bDATE_ADD\(([^,()]*(?:\([^()]*\))?[^,()]*), INTERVAL ([\w.]+) DAY\)"),
        lambda m: f"({m[1]} + {m[2]})",
    ),
)


def translate(sql: str, dialect: str, *, keep_existing: bool = False) -> str:
    """A statement of a file shared by both dialects, as ``dialect`` runs it.

    :param keep_existing: an ``INSERT`` whose rows that exist already are left as they are (the
        file's ``-- keep existing rows`` line): ``INSERT IGNORE`` in MariaDB, ``ON CONFLICT DO
        NOTHING`` in PostgreSQL.
    """
    if keep_existing and not sql.lstrip().upper().startswith("INSERT INTO"):
        raise ValueError(f"« -- keep existing rows » precedes an INSERT INTO only, not: {sql[:60]}")
    if dialect == MARIADB:
        return re.sub(r"^(\s*)INSERT INTO", r"\1INSERT IGNORE INTO", sql, count=1) if keep_existing else sql
    for pattern, replacement in _FOR_POSTGRESQL:
        sql = pattern.sub(replacement, sql)
    return sql + "\nON CONFLICT DO NOTHING" if keep_existing else sql
