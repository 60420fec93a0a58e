"""Opening eCandidat's database from its Airflow connection, and the DB-API shapes the jobs use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, cast

from ecandidat_batches import settings

if TYPE_CHECKING:
    from ecandidat_batches.hooks.ecandidat_db import EcandidatDbHook, EcandidatMySqlHook


class DatabaseError(RuntimeError):
    """The eCandidat database cannot be used as it is: the message names the connection, table or column."""


def hook_for(conn_id: str = settings.APP_DB_CONN_ID) -> EcandidatDbHook | EcandidatMySqlHook:
    """The hook of eCandidat's database for the Airflow connection ``conn_id``, by its type.

    :raises DatabaseError: the connection is not a MariaDB/MySQL or PostgreSQL one.
    """
    from airflow.sdk import BaseHook

    from ecandidat_batches.hooks.ecandidat_db import EcandidatDbHook, EcandidatMySqlHook

    conn_type = (BaseHook.get_connection(conn_id).conn_type or "").lower()
    hooks: dict[str, type[EcandidatDbHook] | type[EcandidatMySqlHook]] = {
        "postgres": EcandidatDbHook,
        "postgresql": EcandidatDbHook,
        "mysql": EcandidatMySqlHook,
    }
    if conn_type not in hooks:
        raise DatabaseError(
            f"La connexion {conn_id} est de type « {conn_type or '?'} » : attendu mysql (la base "
            "MariaDB/MySQL d'eCandidat) ou postgres."
        )
    return hooks[conn_type](ecandidat_conn_id=conn_id)


def connect(
    conn_id: str = settings.APP_DB_CONN_ID, hook: EcandidatDbHook | EcandidatMySqlHook | None = None
) -> Connection:
    """Open the eCandidat database of the Airflow connection ``conn_id`` (or of ``hook``), in its dialect.

    :raises DatabaseError: the connection is not a database one, or the server cannot be reached.
    """
    hook = hook or hook_for(conn_id)
    try:
        return cast("Connection", hook.get_conn())
    except Exception as exc:
        raise DatabaseError(f"La base de la connexion {conn_id} est injoignable : {exc}") from exc


@contextmanager
def app_connection(
    conn_id: str = settings.APP_DB_CONN_ID, hook: EcandidatDbHook | EcandidatMySqlHook | None = None
) -> Iterator[Connection]:
    """The eCandidat database (MariaDB/MySQL or PostgreSQL, as the connection says), closed afterwards."""
    conn = connect(conn_id, hook)
    try:
        yield conn
    finally:
        conn.close()


class Cursor(Protocol):
    """The part of a DB-API cursor the jobs use (psycopg 2 and 3 alike)."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...

    def executemany(self, query: Any, params_seq: Any, /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...

    def close(self) -> None: ...


class Connection(Protocol):
    """The part of a DB-API connection the jobs use."""

    def cursor(self) -> Any: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...
