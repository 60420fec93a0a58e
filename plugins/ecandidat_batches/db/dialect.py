"""The two dialects of eCandidat's database: which one a connection speaks, and what differs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
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


def is_mariadb(conn: Any) -> bool:
    """The connection is to MariaDB (not MySQL: some session settings are MariaDB's)."""
    info = getattr(conn, "get_server_info", None)
    return info is not None and "mariadb" in str(info()).lower()


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


"""Lists bound as the dialect binds them: an array in PostgreSQL, ``(a, b)`` in MariaDB."""


def bind(params: Mapping[str, Any], dialect: str) -> dict[str, Any]:
    if dialect != MARIADB:
        return dict(params)
    return {k: (list(v) or [None]) if isinstance(v, list | tuple) else v for k, v in params.items()}
