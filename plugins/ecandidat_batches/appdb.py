"""The eCandidat application database: its hook, SQL files with bound parameters, and ``parametre``.

SQL lives in ``include/sql``; values always travel as bound parameters (``%(name)s``), never formatted
into the text. Jobs receive a DB-API connection and decide where their transactions begin and end,
through :class:`Db`, which also holds the one rule of the dry runs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any, Protocol

from airflow.providers.postgres.hooks.postgres import PostgresHook

from ecandidat_batches import settings


class EcandidatDbHook(PostgresHook):
    """PostgresHook bound to the eCandidat database connection (``ecandidat_db`` by default).

    Nothing to re-implement: connection handling, ``get_records`` and ``run`` come from the provider;
    this subclass only names the connection so that DAGs and the CLI agree on it.
    """

    conn_name_attr = "ecandidat_conn_id"
    default_conn_name = settings.APP_DB_CONN_ID
    hook_name = "eCandidat (PostgreSQL)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(self.conn_name_attr, self.default_conn_name)
        super().__init__(*args, **kwargs)


class Cursor(Protocol):
    """The part of a DB-API cursor the jobs use (psycopg 2 and 3 alike)."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...

    def close(self) -> None: ...


class Connection(Protocol):
    """The part of a DB-API connection the jobs use."""

    def cursor(self) -> Any: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


@functools.cache
def _read(path: str) -> str:
    return (settings.sql_dir() / path).read_text(encoding="utf-8")


def sql(name: str) -> str:
    """Return the text of ``include/sql/<name>`` (cached: files do not change while a worker runs)."""
    return _read(name)


def execute(cur: Cursor, name: str, params: Mapping[str, Any] | None = None) -> Any:
    """Execute the SQL file ``name`` on the cursor with bound parameters; return the cursor.

    Without parameters the file may hold several statements (schema, demo data) and a literal ``%``.
    """
    if params is None:
        cur.execute(sql(name))
    else:
        cur.execute(sql(name), params)
    return cur


def execute_one_dict(cur: Cursor, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Execute the SQL file and return its single row as ``{column: value}``."""
    execute(cur, name, params)
    assert cur.description is not None, f"{name} returns no row"
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def transaction(conn: Connection) -> AbstractContextManager[Any]:
    """A cursor in a transaction committed when the block succeeds, rolled back if it raises."""
    return Db(conn).transaction()


class Db:
    """One run's work on the eCandidat database, transaction by transaction.

    A real run commits each :meth:`transaction` block. A dry run executes the very same statements,
    in the same order, but commits nothing: everything is rolled back when the run ends (leaving the
    ``with`` block). So a dry run reports exactly what a run would do, by construction, and there is
    no second set of "counting" statements that could drift from the real ones. It holds its row
    locks until it ends, like one long transaction.

    :param conn: a DB-API connection, not in autocommit mode.
    :param dry_run: roll back instead of committing.
    """

    def __init__(self, conn: Connection, *, dry_run: bool = False) -> None:
        self.conn = conn
        self.dry_run = dry_run

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Yield a cursor; commit when the block succeeds (unless a dry run), roll back if it raises."""
        cur = self.conn.cursor()
        try:
            yield cur
            if not self.dry_run:
                self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            cur.close()

    def __enter__(self) -> Db:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.dry_run or exc_type is not None:
            self.conn.rollback()


class ParametreManquantError(LookupError):
    """A ``parametre`` row the batch must write is missing."""


#: eCandidat's defaults, used when a row is missing (eCandidat itself would read 0, "" or false).
PARAMETRE_DEFAULTS: dict[str, str] = {
    "TECH_IS_MAINTENANCE": "N",
    "TECH_NB_JOUR_KEEP_HISTO_BATCH": "30",
    "CANDIDAT_NB_JOUR_KEEP_CPT_MIN": "5",
    "SCOL_NB_JOUR_ARCHIVAGE": "365",
    "SCOL_NB_JOUR_RELANCE_FAVO": "2",
    "OPI_IS_UTILISE": "N",
    "OPI_IS_UTILISE_PJ": "N",
    "OPI_IS_IMMEDIAT": "O",
    "OPI_NB_BATCH_MAX": "0",
    "OPI_PREFIXE": "EC",
    "LC_IS_CALCUL_RANG_REEL": "O",
}


def get_parametre(cur: Cursor, code: str) -> str | None:
    """Return ``val_param`` of a parameter, or None when its row is missing."""
    row = execute(cur, "parametre/get.sql", {"cod_param": code}).fetchone()
    return None if row is None else row[0]


def get_int(cur: Cursor, code: str) -> int:
    """Read an integer parameter, falling back to eCandidat's default; a non-number is an error."""
    value = get_parametre(cur, code)
    if value is None:
        value = PARAMETRE_DEFAULTS[code]
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"parametre {code} : valeur entière attendue, trouvé {value!r}") from None
