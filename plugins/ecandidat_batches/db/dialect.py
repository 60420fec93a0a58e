"""The two dialects of eCandidat's database: which one a connection speaks, and what differs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ecandidat_batches.db.connection import DatabaseError

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


#: The statement that sets each of MariaDB/MySQL's isolation levels (as ``tx_isolation`` names them).
_SET_ISOLATION = {
    level: f"SET SESSION TRANSACTION ISOLATION LEVEL {level.replace('-', ' ')}"
    for level in ("READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE")
}


@contextmanager
def read_committed(conn: Any) -> Iterator[None]:
    """MariaDB/MySQL: READ COMMITTED (PostgreSQL's default) for the transactions of this block, then
    the session's level again.

    In InnoDB's default REPEATABLE READ, ``INSERT ... SELECT`` (a temporary work table filled from
    eCandidat's tables) locks every row it reads, and a locking read keeps the locks of every row it
    looked at, matching or not, until the transaction ends (a dry run's lasts the whole run): the
    application could not add a file meanwhile. In READ COMMITTED, the first reads without locks and
    the second keeps only the rows it takes. A session setting, not the server's.
    """
    if dialect_of(conn) != MARIADB:
        yield
        return
    cur = conn.cursor()
    try:
        cur.execute("SHOW SESSION VARIABLES WHERE Variable_name IN ('tx_isolation', 'transaction_isolation')")
        restore = _SET_ISOLATION[str(cur.fetchall()[0][1]).upper()]
        cur.execute(_SET_ISOLATION["READ-COMMITTED"])
    except BaseException:
        cur.close()
        raise
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # the connection may be what failed: keep its error
            cur.execute(restore)
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
