"""Ordered, versioned schema migrations of the databases this package creates, each applied once.

Files are ``dev/sql/migrations/<dialect>/V<number>__<name>.sql``: ``V001`` is eCandidat's schema at
its latest migration (written from the facts of ``include/sql/schema/ecandidat``), the next ones
what this package adds to its own copies (PostgreSQL: an index that only helps a PostgreSQL copy).
Applied versions are recorded with a checksum in ``ecandidat_batches_migration``; editing an applied
file is refused rather than silently diverging. Two processes starting at once (two ``make run``, a
test) cannot apply one twice: PostgreSQL takes an advisory lock in each migration's transaction,
MariaDB a named lock (``GET_LOCK``) for the whole run; MariaDB commits each DDL statement at once, so
there a migration that fails half way must be repaired by hand (on a database of ours, recreate it).

This is for the databases this package creates (the embedded one, tests, demos). A real eCandidat
database belongs to eCandidat's own Flyway migrations: :func:`apply` refuses a database that has
Flyway's history table (``schema_version``), and the batches never change a schema.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from dev import SQL
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL, dialect_of
from ecandidat_batches.db.transactions import transaction

_NAME = re.compile(r"V(\d+)__([A-Za-z0-9_]+)\.sql")
_LOCK_KEY = 7_362_001  # arbitrary, constant: the lock of this package's migrations
_LOCK_NAME = "ecandidat_batches_migration"


class EcandidatDatabaseError(RuntimeError):
    """The database is eCandidat's own: its schema is not this package's to migrate."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(folder: Path) -> list[Migration]:
    """Return the migrations in version order; a badly named file or a duplicate version is an error."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        m = _NAME.fullmatch(path.name)
        if not m:
            raise ValueError(f"migration file {path.name!r} must be named V<number>__<name>.sql")
        version = int(m[1])
        if version in found:
            raise ValueError(
                f"migration version {version} is used by {found[version].path.name} and {path.name}"
            )
        found[version] = Migration(version, m[2], path)
    return [found[v] for v in sorted(found)]


def folder_of(dialect: str) -> Path:
    return SQL / "migrations" / dialect


def apply(conn: Connection, folder: Path | None = None) -> list[Migration]:
    """Apply the pending migrations of the connection's dialect; return those applied now.

    :raises EcandidatDatabaseError: the database is a real eCandidat's (Flyway's ``schema_version``).
    """
    dialect = dialect_of(conn)
    folder = folder or folder_of(dialect)
    with transaction(conn) as cur:
        if sqlfiles.execute(cur, SQL / "schema" / "flyway_history.sql").fetchone()[0]:
            raise EcandidatDatabaseError(
                "Cette base contient l'historique Flyway d'eCandidat (schema_version) : c'est la base d'un "
                "eCandidat, dont le schéma appartient aux migrations d'eCandidat. Les batches l'utilisent "
                "telle quelle ; ce paquet n'y crée ni n'y modifie rien."
            )
        sqlfiles.execute(cur, SQL / "schema" / "create_migration_table.sql")
    if dialect == MARIADB:
        with transaction(conn) as cur:
            cur.execute("SELECT GET_LOCK(%(name)s, 120)", {"name": _LOCK_NAME})
    applied_now: list[Migration] = []
    try:
        for migration in discover(folder):
            with transaction(conn) as cur:
                if dialect == POSTGRESQL:
                    cur.execute("SELECT pg_advisory_xact_lock(%(key)s)", {"key": _LOCK_KEY})
                row = sqlfiles.execute(
                    cur, SQL / "schema" / "get_migration.sql", {"version": migration.version}
                ).fetchone()
                if row is not None:
                    if row[0] != migration.checksum:
                        raise RuntimeError(
                            f"migration V{migration.version:03d} ({migration.name}) was changed after it was "
                            "applied; add a new migration instead of editing an applied one (a database "
                            "created by an earlier version of this package: recreate it, e.g. make clean)"
                        )
                    continue
                for statement in sqlfiles.split(migration.path.read_text(encoding="utf-8")):
                    cur.execute(statement.sql)
                sqlfiles.execute(
                    cur,
                    SQL / "schema" / "record_migration.sql",
                    {"version": migration.version, "name": migration.name, "checksum": migration.checksum},
                )
                applied_now.append(migration)
    finally:
        if dialect == MARIADB:
            with transaction(conn) as cur:
                cur.execute("SELECT RELEASE_LOCK(%(name)s)", {"name": _LOCK_NAME})
    return applied_now


def load_nomenclature(conn: Connection) -> None:
    """Insert eCandidat's missing reference rows (parameters, types, mails...) without overwriting any."""
    from ecandidat_batches.clock import paris_now

    with transaction(conn) as cur:
        sqlfiles.execute(cur, "nomenclature.sql", {"now": paris_now().replace(tzinfo=None)})
        sqlfiles.execute(cur, "schema/reset_identities.sql", {})
