"""Transactions of a run, and the one rule of the dry runs: the same statements, rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any

from ecandidat_batches.db.connection import Connection


def transaction(conn: Connection) -> AbstractContextManager[Any]:
    """A cursor in a transaction committed when the block succeeds, rolled back if it raises."""
    return Db(conn).transaction()


@contextmanager
def reading(conn: Connection) -> Iterator[Any]:
    """A cursor for reads: its transaction ends with the block, rolled back (nothing to keep), so that
    no snapshot or lock outlives a chunk's read."""
    with Db(conn, dry_run=True) as db, db.transaction() as cur:
        yield cur


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
