"""The SQL files of ``include/sql``: read once, split into statements, run with bound values."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL, bind, dialect_of, translate


@dataclass(frozen=True)
class Statement:
    """One statement of a SQL file; ``into`` names a parameter that takes the first column of its rows."""

    sql: str
    into: str | None = None
    keep_existing: bool = False


_INTO = re.compile(r"^--\s*into:\s*(\w+)\s*$")
_KEEP = re.compile(r"^--\s*keep existing rows\s*$")


# A comment closing a line of code (``FOR UPDATE;  -- noqa: PRS``), outside any string literal.
_TRAILING_COMMENT = re.compile(r"\s+--[^']*$")


def split(text: str) -> list[Statement]:
    """The statements of a SQL file (``;`` ends one at the end of a line), with their ``-- into:``.

    A file the dialects write alike is one statement; where MariaDB needs several (no data-modifying
    CTE, no arrays), they run in order in the caller's transaction, and a ``-- into: name`` line before
    a ``SELECT`` binds its rows' first column as the list ``%(name)s`` of the next statements; a
    ``-- keep existing rows`` line before an ``INSERT`` leaves the rows that exist as they are. A
    PostgreSQL ``$$`` body is kept whole.
    """
    out: list[Statement] = []
    code: list[str] = []
    into: str | None = None
    keep = False
    dollar = False
    for line in text.splitlines():
        stripped = line.strip()
        if not dollar and stripped.startswith("--"):
            directive = _INTO.match(stripped)
            into = directive[1] if directive else into
            keep = keep or bool(_KEEP.match(stripped))
            continue
        code.append(line)
        dollar ^= line.count("$$") % 2 == 1
        if not dollar and _TRAILING_COMMENT.sub("", stripped).endswith(";"):
            statement = "\n".join(code).strip().rstrip(";").strip()
            if statement:
                out.append(Statement(statement, into, keep))
            code, into, keep = [], None, False
    rest = "\n".join(code).strip()
    if rest:
        out.append(Statement(rest, into, keep))
    return out


def sql_path(name: str | Path, dialect: str) -> Path:
    """``include/sql/<name>`` in ``dialect``: ``x.<dialect>.sql`` when the dialects differ, else ``x.sql``.

    An absolute path is taken as it is (the SQL that only the tests, benches and ``dev/`` run lives
    beside them, not in ``include/sql``).
    """
    base = Path(name) if Path(name).is_absolute() else settings.sql_dir() / name
    variant = base.with_name(f"{base.stem}.{dialect}.sql")
    return variant if variant.exists() else base


@functools.cache
def statements(name: str | Path, dialect: str) -> tuple[Statement, ...]:
    """The statements of ``include/sql/<name>`` in ``dialect``, read once per process: a dialect's own
    file as it is, a shared file as the dialect says it (:func:`~ecandidat_batches.db.dialect.translate`)."""
    path = sql_path(name, dialect)
    found = split(path.read_text(encoding="utf-8"))
    if path.name.endswith((f".{POSTGRESQL}.sql", f".{MARIADB}.sql")):
        return tuple(found)
    return tuple(Statement(translate(s.sql, dialect, keep_existing=s.keep_existing), s.into) for s in found)


def sql(name: str | Path, dialect: str = POSTGRESQL) -> str:
    """The text of ``include/sql/<name>`` in ``dialect`` (cached: files do not change while a worker runs)."""
    return ";\n".join(s.sql for s in statements(name, dialect))


def execute(cur: Cursor, name: str | Path, params: Mapping[str, Any] | None = None) -> Any:
    """Execute the SQL file ``name`` in the cursor's dialect, values bound; return the cursor.

    Every statement gets the parameters (a literal ``%`` is written ``%%``); lists are bound as the
    dialect binds them (an array in PostgreSQL, ``(a, b)`` in MariaDB, where an empty list becomes
    ``(NULL)``, which matches nothing).
    """
    dialect = dialect_of(cur)
    bound = dict(params or {})
    for statement in statements(name, dialect):
        cur.execute(statement.sql, bind(bound, dialect))
        if statement.into:
            bound[statement.into] = [row[0] for row in cur.fetchall()]
    return cur


def execute_many(cur: Cursor, name: str | Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Execute the one-statement SQL file ``name`` for each of ``rows`` (the driver batches them)."""
    if rows:
        (statement,) = statements(name, dialect_of(cur))
        cur.executemany(statement.sql, list(rows))


def execute_dicts(
    cur: Cursor, name: str | Path, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Execute the SQL file ``name``; its rows as ``{column (lower case): value}``."""
    execute(cur, name, params)
    assert cur.description is not None, f"{name} returns no row"
    names = [str(d[0]).lower() for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]


def execute_script(conn: Connection, path: Path) -> None:
    """Run a DDL file (a migration) statement by statement, without parameters."""
    cur = conn.cursor()
    try:
        for statement in split(path.read_text(encoding="utf-8")):
            cur.execute(statement.sql)
    finally:
        cur.close()


def execute_one_dict(cur: Cursor, name: str | Path, params: Mapping[str, Any]) -> dict[str, Any]:
    """Execute the SQL file and return its single row as ``{column: value}``."""
    execute(cur, name, params)
    assert cur.description is not None, f"{name} returns no row"
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
