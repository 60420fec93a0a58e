"""Where a step's rows come from: Pégase (its REST APIs) or Apogée (its tables, through SQL).

The source is eCandidat's ``siscol.implementation``, here ``[ecandidat] siscol_type``: ``P`` Pégase
(connection ``pegase_default``, :class:`~ecandidat_batches.hooks.pegase.PegaseHook`), ``A`` Apogée
(connection ``apogee_default``: any Airflow SQL connection, Oracle through the Oracle provider in
production), ``D`` none (eCandidat's default implementation: nothing is synchronised).

Both stream: Pégase one page at a time, Apogée by ``fetchmany`` on a server-side cursor where the
driver has one. Rows are dicts of the target's column names; :func:`normalised` applies the rules
both sources share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from ecandidat_batches.siscol.steps import VERSION_SI_SCOL, Row, Skip, Step

APOGEE_CONN_ID = "apogee_default"
PEGASE_CONN_ID = "pegase_default"
FETCH_SIZE = 5000

#: eCandidat's labels of its SI Scolarité implementations (``siscol.libelle.*``).
LIBELLES = {"A": "Apogée", "P": "Pégase", "D": "Par défaut"}


class SourceError(RuntimeError):
    """The SI Scolarité cannot be read as this package expects; the message says what and where."""


class Source(Protocol):
    """A SI Scolarité: the rows of a step, or None when it has no such list (the step is skipped)."""

    libelle: str

    def rows(self, step: Step) -> Iterator[Row | Skip] | None: ...


class NoSource:
    """eCandidat's default implementation (``D``): no SI Scolarité, nothing to synchronise."""

    libelle = LIBELLES["D"]

    def rows(self, step: Step) -> None:
        return None


class PegaseSource:
    """Pégase: each step's nomenclature through the hook (one page in memory at a time)."""

    libelle = LIBELLES["P"]

    def __init__(self, hook: Any) -> None:
        self.hook = hook

    def rows(self, step: Step) -> Iterator[Row | Skip] | None:
        if step.pegase is None:
            return None
        return iter(step.pegase(self.hook))


class ApogeeSource:
    """Apogée: the step's file of ``include/sql/siscol/apogee``, through an Airflow SQL connection.

    :param conn_id: an Airflow connection whose hook is a ``DbApiHook`` (Oracle, PostgreSQL...).
    :param fetch_size: rows per ``fetchmany``; memory holds one batch whatever the table's size.
    """

    libelle = LIBELLES["A"]

    def __init__(self, conn_id: str = APOGEE_CONN_ID, fetch_size: int = FETCH_SIZE) -> None:
        self.conn_id = conn_id
        self.fetch_size = fetch_size

    def connect(self) -> Any:
        """A DB-API connection to Apogée (:class:`~ecandidat_batches.hooks.apogee.ApogeeHook`)."""
        from ecandidat_batches.hooks.apogee import ApogeeHook

        return ApogeeHook(self.conn_id).get_conn()

    def rows(self, step: Step) -> Iterator[Row | Skip] | None:
        if step.apogee is None:
            return None
        return self._read(step)

    def _read(self, step: Step) -> Iterator[Row]:
        from ecandidat_batches.db import sqlfiles

        query = sqlfiles.sql(f"siscol/apogee/{step.apogee}.sql")
        conn = self.connect()
        try:
            cur = _streaming_cursor(conn)
            cur.arraysize = self.fetch_size
            try:
                cur.execute(query)
            except Exception as exc:
                raise SourceError(f"Apogée, lecture de {step.label} : {exc}") from exc
            names = [str(d[0]).lower() for d in cur.description or ()]
            unknown = [n for n in names if n not in step.columns]
            if unknown:
                raise SourceError(
                    f"siscol/apogee/{step.apogee}.sql : colonne(s) {', '.join(unknown)} "
                    f"inconnue(s) de {step.table}"
                )
            while batch := cur.fetchmany(self.fetch_size):
                for values in batch:
                    yield dict(zip(names, values, strict=True))
            cur.close()
        finally:
            conn.close()


def _streaming_cursor(conn: Any) -> Any:
    """A server-side cursor where the driver has one (psycopg: a named cursor), else a plain one
    (Oracle's streams by ``arraysize`` anyway)."""
    if type(conn).__module__.startswith("psycopg"):
        return conn.cursor(name="ecandidat_siscol")
    return conn.cursor()


def source_for(typ_siscol: str, *, apogee_conn_id: str = APOGEE_CONN_ID,
               pegase_conn_id: str = PEGASE_CONN_ID) -> Source:  # fmt: skip
    """The source of eCandidat's ``typ_siscol`` letter."""
    if typ_siscol == "A":
        return ApogeeSource(apogee_conn_id)
    if typ_siscol == "P":
        from ecandidat_batches.hooks.pegase import PegaseHook

        return PegaseSource(PegaseHook(pegase_conn_id))
    return NoSource()


# -- the rules both sources share --------------------------------------------------------------------


def flag(value: Any) -> bool:
    """An "in service" flag: NULL and ``'N'`` are false, anything else true; a boolean as is."""
    if value is None or isinstance(value, bool):
        return bool(value)
    return str(value).strip().upper() not in ("N", "")


@functools.cache
def _limits(table: str) -> dict[str, tuple[bool, int | None]]:
    """Per column of an eCandidat table: (NOT NULL, maximum length of a varchar). A default does not
    make a column optional: the merge writes every column, NULL included."""
    import csv

    from ecandidat_batches import settings

    out: dict[str, tuple[bool, int | None]] = {}
    path = settings.sql_dir() / "schema" / "ecandidat" / "columns.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for col in csv.DictReader(handle, delimiter="\t"):
            if col["table"] != table:
                continue
            size = re.fullmatch(r"varchar\((\d+)\)", col["column_type"])
            required = col["is_nullable"] == "NO"
            out[col["column"]] = (required, int(size[1]) if size else None)
    return out


def normalised(
    step: Step, rows: Iterable[Row | Skip], typ_siscol: str, clock: Any = None
) -> Iterator[Row | Skip]:
    """The rows as eCandidat writes them: labels upper-cased, flags as booleans, ``typ_siscol`` set,
    and as a :class:`Skip` with its reason a row that lacks a required value or has one too long for
    its column (eCandidat stopped the whole step on such a row)."""
    limits = _limits(step.table)
    if step.name == "version":
        rows = _version(rows, typ_siscol, clock)
    for row in rows:
        if isinstance(row, Skip):
            yield row
            continue
        out = {c: row.get(c) for c in step.columns}
        for column in step.upper:
            if out[column] is not None:
                out[column] = str(out[column]).upper()
        for column in step.flags:
            out[column] = flag(out[column])
        if step.typed:
            out["typ_siscol"] = typ_siscol
        problem = _problem(out, limits, step)
        yield Skip(problem) if problem else out


def _problem(row: Row, limits: dict[str, tuple[bool, int | None]], step: Step) -> str | None:
    for column, value in row.items():
        required, size = limits.get(column, (False, None))
        if value is None and required and column != step.renumber:
            return f"{column} manquant"
        if size is not None and value is not None and len(str(value)) > size:
            return f"{column} trop long (plus de {size} caractères)"
    return None


def _version(rows: Iterable[Row | Skip], typ_siscol: str, clock: Any) -> Iterator[Row]:
    """The SI's version as eCandidat records it: its first row, "<SI> - <version>", dated now."""
    from ecandidat_batches.clock import paris_now, wall_clock

    for row in rows:
        if isinstance(row, Skip) or row.get("val_version") is None:
            continue
        now = (clock or paris_now)()
        yield {
            "cod_version": VERSION_SI_SCOL,
            "val_version": f"{LIBELLES.get(typ_siscol, typ_siscol)} - {row['val_version']}",
            "dat_version": wall_clock(now),
        }
        return
