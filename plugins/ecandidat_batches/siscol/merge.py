"""One step written set-based: its rows loaded into a temporary staging table, then one merge.

In one transaction (a step is all or nothing; a dry run rolls it back): the staging table is created
like the target (``include/sql/siscol/merge``), the rows loaded in batches (PostgreSQL ``COPY``,
MariaDB multi-row ``INSERT``), the rows pointing to rows eCandidat lacks removed and counted, then
the merge updates the changed rows and inserts the new ones in plain set-based statements (an
unchanged row is not rewritten; no row-by-row upsert, whose index probe per row was the slower part
of a first sync); nothing is deleted from eCandidat's tables, except the rebuilt
``siscol_utilisateur``'s surplus ids. The statements are shaped by the step's declaration: its table
and column names, checked against eCandidat's schema, are the only text put into them; values are
bound.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import DatabaseError
from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL, dialect_of
from ecandidat_batches.db.preflight import ecandidat_columns
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.siscol.steps import Row, Skip, Step

#: The SQL files this module runs (a job that uses it declares them too).
SQL = (
    "siscol/renumber_utilisateur.sql",
    "siscol/trim_utilisateur.sql",
)

BATCH_ROWS = 5000
MERGE_DIR = "siscol/merge"


@dataclass
class StepResult:
    """What a step did: rows read, inserted, updated, unchanged, skipped (by reason), removed."""

    lus: int = 0
    inseres: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    ignores: Counter[str] = field(default_factory=Counter)
    supprimes: int = 0

    def as_dict(self) -> dict[str, Any]:
        counts = {"lus": self.lus, "inseres": self.inseres, "mis_a_jour": self.mis_a_jour}
        return {**counts, "inchanges": self.inchanges, "ignores": dict(self.ignores),
                "supprimes": self.supprimes}  # fmt: skip

    @property
    def changed(self) -> bool:
        """The step inserted, updated or removed a row (eCandidat's caches of the table are stale)."""
        return bool(self.inseres or self.mis_a_jour or self.supprimes)

    def counts(self) -> dict[str, int]:
        """The step's counters (the skipped rows all reasons together)."""
        return {"lus": self.lus, "inseres": self.inseres, "mis_a_jour": self.mis_a_jour,
                "inchanges": self.inchanges, "ignores": sum(self.ignores.values()),
                "supprimes": self.supprimes}  # fmt: skip

    def line(self) -> str:
        """The step's summary line, in French."""
        text = (
            f"{self.lus} lu(s), {self.inseres} inséré(s), {self.mis_a_jour} mis à jour, "
            f"{self.inchanges} inchangé(s), {sum(self.ignores.values())} ignoré(s)"
        )
        if self.ignores:
            text += " (" + ", ".join(f"{reason} : {n}" for reason, n in sorted(self.ignores.items())) + ")"
        if self.supprimes:
            text += f", {self.supprimes} ancien(s) retiré(s)"
        return text


def _quote(name: str, dialect: str) -> str:
    return f"`{name}`" if dialect == MARIADB else f'"{name}"'


def identifiers(step: Step, dialect: str, ref_index: int | None = None) -> dict[str, str]:
    """The names that shape the step's statements, quoted, after checking them against eCandidat's
    schema (a declaration that names anything else is refused before any SQL is built)."""
    schema = ecandidat_columns()
    tables = [step.table, *(ref.table for ref in step.references)]
    for table in tables:
        if table not in schema:
            raise DatabaseError(f"{table} n'est pas une table d'eCandidat")
    for column in step.all_columns:
        if column not in schema[step.table]:
            raise DatabaseError(f"{step.table}.{column} n'est pas une colonne d'eCandidat")

    def q(name: str) -> str:
        return _quote(name, dialect)

    cols = step.all_columns
    values = [c for c in cols if c not in step.all_key]
    compared = list(step.compared)
    out = {
        "table": q(step.table),
        "columns": ", ".join(map(q, cols)),
        "staged_columns": ", ".join(f"s.{q(c)}" for c in cols),
        "key": ", ".join(map(q, step.all_key)),
        "key_match": " AND ".join(f"t.{q(c)} = s.{q(c)}" for c in step.all_key),
        "set_staged": ", ".join(f"t.{q(c)} = s.{q(c)}" for c in values),
        "set_from": ", ".join(f"{q(c)} = s.{q(c)}" for c in values),
        # A key twice in the source: the last row wins (a table of pairs sets its key to itself).
        "set_values": ", ".join(f"{q(c)} = VALUES({q(c)})" for c in values or cols),
        "changed_staged_postgresql": (
            f"({', '.join(f't.{q(c)}' for c in compared)}) IS DISTINCT FROM "
            f"({', '.join(f's.{q(c)}' for c in compared)})"
            if len(compared) > 1
            else " OR ".join(f"t.{q(c)} IS DISTINCT FROM s.{q(c)}" for c in compared)
        ),
        "changed_staged": "NOT ("
        + " AND ".join(f"CAST(t.{q(c)} AS BINARY) <=> CAST(s.{q(c)} AS BINARY)" for c in compared)
        + ")",
        "placeholders": ", ".join(["%s"] * len(cols)),
    }
    if ref_index is not None:
        ref = step.references[ref_index]
        for column in ref.to:
            if column not in schema[ref.table]:
                raise DatabaseError(f"{ref.table}.{column} n'est pas une colonne d'eCandidat")
        staged = q("tmp_siscol_staging")
        pairs = [*zip(ref.to, ref.columns, strict=True), ("typ_siscol", "typ_siscol")]
        out["not_null"] = " AND ".join(f"{staged}.{q(c)} IS NOT NULL" for c in ref.columns)
        out["ref_table"] = q(ref.table)
        out["ref_match"] = " AND ".join(f"r.{q(to)} = {staged}.{q(c)}" for to, c in pairs)
    return out


def _statements(name: str, dialect: str, names: Mapping[str, str]) -> list[str]:
    """The statements of a shaped file (read once), its ``{placeholders}`` filled with ``names``."""
    return [s.sql.format(**names) for s in sqlfiles.statements(f"{MERGE_DIR}/{name}.sql", dialect)]


def _run(cur: Any, name: str, dialect: str, names: Mapping[str, str]) -> list[int]:
    counts = []
    for statement in _statements(name, dialect, names):
        cur.execute(statement)
        counts.append(cur.rowcount)
    return counts


def _rows_of(step: Step, rows: Iterable[Row | Skip], result: StepResult) -> Iterator[tuple[Any, ...]]:
    """The rows as tuples in the columns' order; skips counted by reason."""
    columns = step.all_columns
    for row in rows:
        result.lus += 1
        if isinstance(row, Skip):
            result.ignores[row.reason] += 1
            continue
        if step.renumber:  # negative ids first, numbered 1..n once all are in (no number taken twice)
            row = {**row, step.renumber: -result.lus}
        yield tuple(row[c] for c in columns)


def sync_step(conn: Any, step: Step, rows: Iterable[Row | Skip], *, dry_run: bool = False,
              typ_siscol: str = "D",
              on_change: Callable[[Any, StepResult], None] | None = None) -> StepResult:  # fmt: skip
    """Write the step's (normalised) rows into its table; return what it did.

    :param conn: the eCandidat database (a DB-API connection, not in autocommit).
    :param rows: the step's rows (:func:`~ecandidat_batches.siscol.sources.normalised`).
    :param dry_run: do everything, then roll back.
    :param on_change: called with the cursor when the step changed a row, in its transaction (what
        must be committed with the rows: the request to eCandidat's nodes to reload the table).
    """
    result = StepResult()
    dialect = dialect_of(conn)
    names = identifiers(step, dialect)
    keys_only = len(step.all_columns) == len(step.all_key)
    with Db(conn, dry_run=dry_run) as db, db.transaction() as cur:
        _run(cur, "staging", dialect, names)
        sent = _load(cur, step, dialect, names, _rows_of(step, rows, result))
        if dialect == POSTGRESQL:  # a key twice: its last row, before the references are checked
            (twice,) = _run(cur, "dedupe", dialect, names)
        else:  # the MariaDB staging table kept the last row as it loaded
            twice = sent - int(sqlfiles.execute(cur, f"{MERGE_DIR}/staged.sql").fetchone()[0])
        if twice:
            result.ignores["en double dans la source"] += twice
        unknown = 0  # rows pointing to a row eCandidat lacks
        for index, ref in enumerate(step.references):
            (skipped,) = _run(cur, "skip_unknown", dialect, identifiers(step, dialect, index))
            if skipped:
                result.ignores[ref.reason] += skipped
                unknown += skipped
        if step.renumber:
            sqlfiles.execute(cur, "siscol/renumber_utilisateur.sql")
        staged = sent - twice - unknown
        # Counts: the updated first (not in a table of pairs), the inserted last (MariaDB: nothing
        # between; PostgreSQL: the rows already there, taken out of the staging table).
        counts = _run(cur, "merge_keys" if keys_only else "merge", dialect, names)
        result.mis_a_jour, result.inseres = (0 if keys_only else counts[0]), counts[-1]
        result.inchanges = staged - result.inseres - result.mis_a_jour
        if step.renumber:
            trim = {"typ_siscol": typ_siscol, "kept": staged}
            result.supprimes = sqlfiles.execute(cur, "siscol/trim_utilisateur.sql", trim).rowcount
        if on_change is not None and result.changed:
            on_change(cur, result)
    return result


def _load(
    cur: Any, step: Step, dialect: str, names: Mapping[str, str], rows: Iterator[tuple[Any, ...]]
) -> int:
    """Load the rows into the staging table in batches; the number of rows sent."""
    sent = 0
    (statement,) = _statements("load", dialect, names)
    if dialect == POSTGRESQL:  # COPY through psycopg 3 (the provider's driver with SQLAlchemy 2)
        with cur.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                sent += 1
        return sent
    for batch in _batches(rows):
        cur.executemany(statement, batch)
        sent += len(batch)
    return sent


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        yield batch
