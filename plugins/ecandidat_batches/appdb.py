"""The eCandidat application database: its hook, SQL files with bound parameters, and ``parametre``.

SQL lives in ``include/sql``; values always travel as bound parameters (``%(name)s``), never formatted
into the text. Jobs receive a DB-API connection and decide where their transactions begin and end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

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


@functools.cache
def _read(path: str) -> str:
    return (settings.sql_dir() / path).read_text(encoding="utf-8")


def sql(name: str) -> str:
    """Return the text of ``include/sql/<name>`` (cached: files do not change while a worker runs)."""
    return _read(name)


def execute(cur: Any, name: str, params: Mapping[str, Any] | None = None) -> Any:
    """Execute the SQL file ``name`` on the cursor with bound parameters; return the cursor.

    Without parameters the file may hold several statements (schema, demo data) and a literal ``%``.
    """
    if params is None:
        cur.execute(sql(name))
    else:
        cur.execute(sql(name), params)
    return cur


def execute_one_dict(cur: Any, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Execute the SQL file and return its single row as ``{column: value}``."""
    execute(cur, name, params)
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


@contextmanager
def transaction(conn: Any) -> Iterator[Any]:
    """Yield a cursor; commit if the block succeeds, roll back if it raises (psycopg 2 and 3 alike)."""
    cur = conn.cursor()
    try:
        yield cur
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        cur.close()


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


def get_parametre(cur: Any, code: str) -> str | None:
    """Return ``val_param`` of a parameter, or None when its row is missing."""
    row = execute(cur, "parametre/get.sql", {"cod_param": code}).fetchone()
    return None if row is None else row[0]


def get_int(cur: Any, code: str) -> int:
    """Read an integer parameter, falling back to eCandidat's default; a non-number is an error."""
    value = get_parametre(cur, code)
    if value is None:
        value = PARAMETRE_DEFAULTS[code]
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"parametre {code} : valeur entière attendue, trouvé {value!r}") from None
