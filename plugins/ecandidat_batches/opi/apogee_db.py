"""Apogée's database from worker threads: the OPI batches read ``IND_OPI``/``VOEUX_INS`` back after each
call, and remove an ``OPI_PJ`` row the SI does not show, from the threads that made the calls.

Any Airflow SQL connection works (Oracle through the Oracle provider in production, PostgreSQL in the
tests): the files of ``include/sql/opi/apogee`` are written with ``%(name)s`` and turned into
``:name`` for a driver whose paramstyle is ``named`` (oracledb). Values are always bound.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ecandidat_batches.db import sqlfiles

log = logging.getLogger(__name__)

_PYFORMAT = re.compile(r"%\((\w+)\)s")


def paramstyle(conn: Any) -> str:
    """The DB-API paramstyle of a connection's driver."""
    module = sys.modules.get(type(conn).__module__.split(".")[0])
    return str(getattr(module, "paramstyle", "pyformat"))


class ApogeeConnections:
    """One Apogée connection per worker thread (DB-API connections are not shared between threads),
    opened on first use, all closed by :meth:`close`."""

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
        conn = self._conn()
        sql = sqlfiles.sql(name)
        if paramstyle(conn) == "named":  # Oracle (oracledb): :name
            sql = _PYFORMAT.sub(r":\1", sql)
        try:
            cur = conn.cursor()
            try:
                cur.execute(sql, dict(params))
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
