"""Ordered, versioned schema migrations of the application database, each applied once.

Files are ``include/sql/migrations/V<number>__<name>.sql``. Applied versions are recorded with a
checksum in ``ecandidat_batches_migration``; editing an applied file is refused rather than silently
diverging. Each migration runs in its own transaction under an advisory lock, so two processes
starting at once (two ``make run``, or a deployment job and a test) cannot apply one twice.

This is for the databases this package creates (the embedded one, tests, demos). A production
eCandidat database is owned by eCandidat's own Flyway migrations and is never migrated from here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ecandidat_batches import appdb, settings

_NAME = re.compile(r"V(\d+)__([A-Za-z0-9_]+)\.sql")
_LOCK_KEY = 7_362_001  # arbitrary, constant: pg_advisory_xact_lock key of this package's migrations


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(folder: Path | None = None) -> list[Migration]:
    """Return the migrations in version order; a badly named file or a duplicate version is an error."""
    folder = folder or settings.sql_dir() / "migrations"
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


def apply(conn: appdb.Connection, folder: Path | None = None) -> list[Migration]:
    """Apply the pending migrations; return those applied now (empty when up to date)."""
    applied_now: list[Migration] = []
    with appdb.transaction(conn) as cur:
        appdb.execute(cur, "schema/create_migration_table.sql")
    for migration in discover(folder):
        with appdb.transaction(conn) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%(key)s)", {"key": _LOCK_KEY})
            row = appdb.execute(cur, "schema/get_migration.sql", {"version": migration.version}).fetchone()
            if row is not None:
                if row[0] != migration.checksum:
                    raise RuntimeError(
                        f"migration V{migration.version:03d} ({migration.name}) was changed after it was "
                        "applied; add a new migration instead of editing an applied one"
                    )
                continue
            cur.execute(migration.path.read_text(encoding="utf-8"))
            appdb.execute(
                cur,
                "schema/record_migration.sql",
                {"version": migration.version, "name": migration.name, "checksum": migration.checksum},
            )
            applied_now.append(migration)
    return applied_now


def load_nomenclature(conn: appdb.Connection) -> None:
    """Insert the missing nomenclature rows (parameters and decision types) without overwriting any."""
    with appdb.transaction(conn) as cur:
        appdb.execute(cur, "nomenclature.sql")
