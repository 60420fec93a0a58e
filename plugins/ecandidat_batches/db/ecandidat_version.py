"""eCandidat's version, as its Flyway history says it, against the last one this package knows.

eCandidat migrates its database with Flyway, which records each migration applied in the table
``schema_version`` (``version`` such as ``2.4.06.00`` for ``V2_4_06_00__...sql``, ``description``,
``success``...). This package reads and writes eCandidat's tables as its migrations made them up to
:data:`KNOWN` (``include/sql/schema/ecandidat``). A newer eCandidat may have changed a table a batch
uses: the pre-flight (:mod:`.preflight`) still refuses a run whose tables or columns are gone, and
otherwise runs go on; the page and each run's summary say that eCandidat is newer, with its version.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import reading

SQL = ("schema/flyway_table.sql", "schema/flyway_versions.sql")
#: The last migration of eCandidat this package knows (``V2_4_06_00``, eCandidat 2.4.06).
KNOWN = "2.4.06.00"


def version_key(version: str) -> tuple[int, ...] | None:
    """Flyway's order of versions: numbers part by part (``2.4.06.00`` = ``2.4.6``); None if not one."""
    parts = version.strip().replace("_", ".").split(".")
    if not all(part.isdigit() and len(part) <= 18 for part in parts):
        return None
    numbers = [int(part) for part in parts]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


@dataclass(frozen=True)
class Newer:
    """eCandidat's latest migration, newer than :data:`KNOWN`."""

    version: str
    description: str

    def message(self) -> str:
        """The warning, in French, as the page and the runs' summaries show it."""
        return (
            f"⚠ eCandidat est en version {self.version} (migration « {self.description[:80]} » de sa table "
            f"schema_version), plus récente que la dernière que ce paquet connaît ({KNOWN}) : les batches "
            "continuent tant que les tables et colonnes qu'ils utilisent sont là ; vérifiez qu'une version "
            "du paquet suit cette version d'eCandidat."
        )


def newer_than_known(conn: Connection) -> Newer | None:
    """eCandidat's latest successful migration when it is newer than :data:`KNOWN`; None otherwise, or
    when the database has no Flyway history this account can read (this package's own copies)."""
    with reading(conn) as cur:
        if not sqlfiles.execute(cur, "schema/flyway_table.sql").fetchone()[0]:
            return None
        rows = sqlfiles.execute_dicts(cur, "schema/flyway_versions.sql")
    known = version_key(KNOWN)
    assert known is not None
    newest: tuple[tuple[int, ...], Newer] | None = None
    for row in rows:
        key = version_key(str(row["version"]))
        if key is not None and (newest is None or key > newest[0]):
            newest = key, Newer(str(row["version"]), str(row["description"] or ""))
    return newest[1] if newest is not None and newest[0] > known else None
