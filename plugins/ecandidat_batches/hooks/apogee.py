"""Apogée's database: the one way this package reaches it, for BATCH_SYNCHRO_SISCOL's reads and the OPI
batches' verifications.

Any Airflow SQL connection works (Oracle through the Oracle provider in production, PostgreSQL in the
tests): :class:`ApogeeHook` opens it through the connection's own provider hook. The SQL files it runs
(``include/sql/siscol/apogee``, ``include/sql/opi/apogee``) are written with ``%(name)s`` and turned
into ``:name`` for a driver whose paramstyle is ``named`` (oracledb). Values are always bound.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from airflow.sdk import BaseHook

log = logging.getLogger(__name__)

_PYFORMAT = re.compile(r"%\((\w+)\)s")


class ApogeeError(RuntimeError):
    """Apogée's database cannot be used: the message names the connection and why."""


def paramstyle(conn: Any) -> str:
    """The DB-API paramstyle of a connection's driver."""
    module = sys.modules.get(type(conn).__module__.split(".")[0])
    return str(getattr(module, "paramstyle", "pyformat"))


def in_paramstyle(sql: str, conn: Any) -> str:
    """A ``%(name)s`` statement as the connection's driver takes it (``:name`` for oracledb)."""
    return _PYFORMAT.sub(r":\1", sql) if paramstyle(conn) == "named" else sql


class ApogeeHook(BaseHook):
    """Apogée's database through the SQL provider its Airflow connection names (``apogee_default``).

    :param apogee_conn_id: an Airflow connection whose hook is a ``DbApiHook`` (Oracle, PostgreSQL...).
    """

    conn_name_attr = "apogee_conn_id"
    default_conn_name = "apogee_default"
    conn_type = "oracle"
    hook_name = "Apogée (base de données)"

    def __init__(self, apogee_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.apogee_conn_id = apogee_conn_id

    def get_conn(self) -> Any:
        """A new DB-API connection to Apogée (the caller closes it).

        :raises ApogeeError: the connection is not a database one, or Apogée does not answer.
        """
        try:
            hook = self.get_connection(self.apogee_conn_id).get_hook()  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise ApogeeError(f"Apogée : connexion {self.apogee_conn_id} inutilisable : {exc}") from exc
        if not hasattr(hook, "get_conn"):
            raise ApogeeError(f"Apogée : la connexion {self.apogee_conn_id} n'est pas une base de données")
        try:
            return hook.get_conn()
        except Exception as exc:
            raise ApogeeError(f"Apogée injoignable (connexion {self.apogee_conn_id}) : {exc}") from exc

    def per_thread(self) -> ApogeeConnections:
        """Connections for worker threads, one each (see :class:`ApogeeConnections`)."""
        return ApogeeConnections(self.get_conn)


class ApogeeConnections:
    """One Apogée connection per worker thread (DB-API connections are not shared between threads),
    opened on first use, all closed by :meth:`close`. A connection that failed is not reused.

    :param connect: opens a DB-API connection to Apogée (:meth:`ApogeeHook.get_conn`).
    """

    def __init__(self, connect: Callable[[], Any]) -> None:
        self.connect = connect
        self.local = threading.local()
        self.opened: list[Any] = []
        self.lock = threading.Lock()

    def _conn(self) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = self.connect()
            with self.lock:
                self.opened.append(conn)
        return conn

    def _run(self, name: str, params: Mapping[str, Any], *, write: bool) -> list[tuple[Any, ...]]:
        from ecandidat_batches.db import sqlfiles

        conn = self._conn()
        try:
            cur = conn.cursor()
            try:
                cur.execute(in_paramstyle(sqlfiles.sql(name), conn), dict(params))
                rows = [] if cur.description is None else list(cur.fetchall())
                if write:
                    conn.commit()
                return rows
            finally:
                cur.close()
                conn.rollback()  # no transaction left open on Apogée
        except Exception:
            self._forget(conn)  # a dead session is not reused: this thread opens another next time
            raise

    def _forget(self, conn: Any) -> None:
        self.local.conn = None
        with self.lock:
            if conn in self.opened:
                self.opened.remove(conn)
        try:
            conn.close()
        except Exception:  # already dead: nothing to close
            log.debug("Connexion Apogée déjà fermée", exc_info=True)

    def query(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of the SQL file ``name`` (a read: its transaction ended at once)."""
        return self._run(name, params, write=False)

    def execute(self, name: str, params: Mapping[str, Any]) -> None:
        """Run the SQL file ``name`` and commit it."""
        self._run(name, params, write=True)

    def close(self) -> None:
        for conn in self.opened:
            try:
                conn.close()
            except Exception:  # closing after the work is done: nothing to save
                log.warning("Connexion Apogée non fermée", exc_info=True)
