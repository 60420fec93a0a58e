"""The eCandidat application database: its hooks, SQL files with bound parameters, and ``parametre``.

eCandidat runs on MariaDB/MySQL; this package also runs on PostgreSQL (its embedded default). The
``ecandidat_db`` connection says which (``mysql`` or ``postgres``), and :func:`connect` opens it through
the provider's hook. SQL lives in ``include/sql``; a statement that the two dialects write differently
has a file per dialect beside each other (``x.postgresql.sql`` and ``x.mariadb.sql``), the others one
``x.sql``; :func:`execute` takes the file of the cursor's dialect. Values always travel as bound
parameters (``%(name)s``), never formatted into the text. Jobs receive a DB-API connection and decide
where their transactions begin and end, through :class:`Db`, which also holds the one rule of the dry
runs.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, cast

from airflow.providers.mysql.hooks.mysql import MySqlHook
from airflow.providers.postgres.hooks.postgres import PostgresHook

from ecandidat_batches import settings

#: The dialects, as they name the SQL files.
POSTGRESQL, MARIADB = "postgresql", "mariadb"


class EcandidatDbHook(PostgresHook):
    """The eCandidat database on PostgreSQL (``ecandidat_db``, type ``postgres``).

    Nothing to re-implement: connection handling comes from the provider; this subclass only names the
    connection so that DAGs, the CLI and the launcher agree on it.
    """

    conn_name_attr = "ecandidat_conn_id"
    default_conn_name = settings.APP_DB_CONN_ID
    hook_name = "eCandidat (PostgreSQL)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(self.conn_name_attr, self.default_conn_name)
        super().__init__(*args, **kwargs)


class EcandidatMySqlHook(MySqlHook):
    """The eCandidat database on MariaDB/MySQL (``ecandidat_db``, type ``mysql``), as eCandidat has it.

    From the provider (mysqlclient), with defaults of ours: ``utf8mb4`` (eCandidat's tables), ``bit(1)``
    read as Python booleans, as PostgreSQL's ``boolean`` is, so that job code reads both alike, and the
    session settings of :func:`prepare_mysql_session`.
    """

    conn_name_attr = "ecandidat_conn_id"
    default_conn_name = settings.APP_DB_CONN_ID
    hook_name = "eCandidat (MariaDB/MySQL)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(self.conn_name_attr, self.default_conn_name)
        super().__init__(*args, **kwargs)

    def _get_conn_config_mysql_client(self, conn: Any) -> dict[str, Any]:
        config: dict[str, Any] = super()._get_conn_config_mysql_client(conn)
        config.setdefault("charset", "utf8mb4")
        config["conv"] = mysql_conversions()
        return config

    def get_conn(self) -> Any:
        conn = super().get_conn()
        prepare_mysql_session(conn)
        return conn


def prepare_mysql_session(conn: Any) -> None:
    """MariaDB session settings (nothing changes in the database; MySQL 8 needs none).

    ``group_concat_max_len``: MariaDB cuts a ``JSON_ARRAYAGG`` at this length (1 MiB by default) with
    a mere warning, which would turn a large chunk's list of files into invalid JSON; raised to the
    maximum, a result too large for ``max_allowed_packet`` is an error instead.
    """
    if _is_mariadb(conn):
        cur = conn.cursor()
        try:
            cur.execute("SET SESSION group_concat_max_len = 4294967295")
        finally:
            cur.close()


def _is_mariadb(conn: Any) -> bool:
    info = getattr(conn, "get_server_info", None)
    return info is not None and "mariadb" in str(info()).lower()


@contextmanager
def hash_joins(conn: Any) -> Iterator[None]:
    """MariaDB: hash joins for the statements run in this block, then the server's defaults again.

    For joins on columns that eCandidat does not index (``fichier.file_fichier``, which
    BATCH_DESTRUCT_DOSSIER compares): MariaDB's default compares every row with every other. The
    buffer holds a chunk's file records (``varchar(1000)`` paths): up to 32 MiB, taken only as needed,
    instead of 256 KiB, which made each chunk scan ``fichier`` once per 256 KiB. Not for the whole
    session: where an index exists, a hash join scans the whole indexed table instead of looking rows
    up (the LimeSurvey upserts were 10 times slower).
    """
    if not _is_mariadb(conn):
        yield
        return
    cur = conn.cursor()
    cur.execute(
        "SET SESSION join_cache_level = 4, join_buffer_size = 33554432, join_buffer_space_limit = 67108864"
    )
    reset = (
        "SET SESSION join_cache_level = DEFAULT, join_buffer_size = DEFAULT,"
        " join_buffer_space_limit = DEFAULT"
    )
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):  # the connection may be what failed: keep its error
            cur.execute(reset)
        raise
    else:
        cur.execute(reset)
    finally:
        with contextlib.suppress(Exception):
            cur.close()


def mysql_conversions() -> dict[Any, Any]:
    """mysqlclient's conversions, with ``bit(1)`` as a boolean (eCandidat's flags)."""
    from MySQLdb.constants import FIELD_TYPE  # type: ignore[import-untyped]
    from MySQLdb.converters import conversions  # type: ignore[import-untyped]

    conv = dict(conversions)
    conv[FIELD_TYPE.BIT] = lambda value: value not in (b"\x00", b"", None)
    return conv


class DatabaseError(RuntimeError):
    """The eCandidat database cannot be used as it is: the message names the connection, table or column."""


def connect(conn_id: str = settings.APP_DB_CONN_ID) -> Connection:
    """Open the eCandidat database of the Airflow connection ``conn_id``, in its dialect.

    :raises DatabaseError: the connection is not a database one, or the server cannot be reached.
    """
    from airflow.sdk import BaseHook

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
    try:
        conn = cast("Connection", hooks[conn_type](ecandidat_conn_id=conn_id).get_conn())
    except Exception as exc:
        raise DatabaseError(f"La base de la connexion {conn_id} est injoignable : {exc}") from exc
    return conn


def dialect_of(conn_or_cursor: object) -> str:
    """The dialect of a DB-API connection or cursor, from its driver (or its ``ecandidat_dialect``)."""
    declared = getattr(conn_or_cursor, "ecandidat_dialect", None)
    if declared in (POSTGRESQL, MARIADB):
        return str(declared)
    module = type(conn_or_cursor).__module__
    if module.startswith("psycopg"):
        return POSTGRESQL
    if module.startswith(("MySQLdb", "pymysql", "mysql.connector")):
        return MARIADB
    raise DatabaseError(f"pilote de base de données inconnu : {module}")


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


@dataclass(frozen=True)
class Statement:
    """One statement of a SQL file; ``into`` names a parameter that takes the first column of its rows."""

    sql: str
    into: str | None = None


_INTO = re.compile(r"^--\s*into:\s*(\w+)\s*$")


# A comment closing a line of code (``FOR UPDATE;  -- noqa: PRS``), outside any string literal.
_TRAILING_COMMENT = re.compile(r"\s+--[^']*$")


def split(text: str) -> list[Statement]:
    """The statements of a SQL file (``;`` ends one at the end of a line), with their ``-- into:``.

    A file the dialects write alike is one statement; where MariaDB needs several (no data-modifying
    CTE, no arrays), they run in order in the caller's transaction, and a ``-- into: name`` line before
    a ``SELECT`` binds its rows' first column as the list ``%(name)s`` of the next statements. A
    PostgreSQL ``$$`` body is kept whole.
    """
    out: list[Statement] = []
    code: list[str] = []
    into: str | None = None
    dollar = False
    for line in text.splitlines():
        stripped = line.strip()
        if not dollar and stripped.startswith("--"):
            directive = _INTO.match(stripped)
            into = directive[1] if directive else into
            continue
        code.append(line)
        dollar ^= line.count("$$") % 2 == 1
        if not dollar and _TRAILING_COMMENT.sub("", stripped).endswith(";"):
            statement = "\n".join(code).strip().rstrip(";").strip()
            if statement:
                out.append(Statement(statement, into))
            code, into = [], None
    rest = "\n".join(code).strip()
    if rest:
        out.append(Statement(rest, into))
    return out


def sql_path(name: str, dialect: str) -> Path:
    """``include/sql/<name>`` in ``dialect``: ``x.<dialect>.sql`` when the dialects differ, else ``x.sql``."""
    base = settings.sql_dir() / name
    variant = base.with_name(f"{base.stem}.{dialect}.sql")
    return variant if variant.exists() else base


@functools.cache
def statements(name: str, dialect: str) -> tuple[Statement, ...]:
    """The statements of ``include/sql/<name>`` in ``dialect``, read once per process."""
    return tuple(split(sql_path(name, dialect).read_text(encoding="utf-8")))


def sql(name: str, dialect: str = POSTGRESQL) -> str:
    """The text of ``include/sql/<name>`` in ``dialect`` (cached: files do not change while a worker runs)."""
    return ";\n".join(s.sql for s in statements(name, dialect))


def execute(cur: Cursor, name: str, params: Mapping[str, Any] | None = None) -> Any:
    """Execute the SQL file ``name`` in the cursor's dialect, values bound; return the cursor.

    Every statement gets the parameters (a literal ``%`` is written ``%%``); lists are bound as the
    dialect binds them (an array in PostgreSQL, ``(a, b)`` in MariaDB, where an empty list becomes
    ``(NULL)``, which matches nothing).
    """
    dialect = dialect_of(cur)
    bound = dict(params or {})
    for statement in statements(name, dialect):
        cur.execute(statement.sql, _bind(bound, dialect))
        if statement.into:
            bound[statement.into] = [row[0] for row in cur.fetchall()]
    return cur


def execute_many(cur: Cursor, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Execute the one-statement SQL file ``name`` for each of ``rows`` (the driver batches them)."""
    if rows:
        (statement,) = statements(name, dialect_of(cur))
        cur.executemany(statement.sql, list(rows))


def execute_dicts(cur: Cursor, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Execute the SQL file ``name``; its rows as ``{column (lower case): value}``."""
    execute(cur, name, params)
    assert cur.description is not None, f"{name} returns no row"
    names = [str(d[0]).lower() for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]


def _bind(params: Mapping[str, Any], dialect: str) -> dict[str, Any]:
    if dialect != MARIADB:
        return dict(params)
    return {k: (list(v) or [None]) if isinstance(v, list | tuple) else v for k, v in params.items()}


def execute_script(conn: Connection, path: Path) -> None:
    """Run a DDL file (a migration) statement by statement, without parameters."""
    cur = conn.cursor()
    try:
        for statement in split(path.read_text(encoding="utf-8")):
            cur.execute(statement.sql)
    finally:
        cur.close()


@functools.cache
def ecandidat_columns() -> dict[str, tuple[str, ...]]:
    """eCandidat's tables and their columns, from ``include/sql/schema/ecandidat/columns.tsv``."""
    import csv

    tables: dict[str, list[str]] = {}
    path = settings.sql_dir() / "schema" / "ecandidat" / "columns.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            tables.setdefault(row["table"], []).append(row["column"])
    return {table: tuple(columns) for table, columns in tables.items()}


def require(conn: Connection, files: Iterable[str], conn_id: str = settings.APP_DB_CONN_ID) -> None:
    """Check, before any change, that the tables and columns these SQL files use are in the database.

    What a file uses is what it names among eCandidat's tables and their columns (read in the file of
    the connection's dialect). One query of ``information_schema``.

    :raises DatabaseError: naming the connection and every missing table or column.
    """
    words = _words(files, (dialect_of(conn),))
    tables = ecandidat_columns()
    wanted = {t: [c for c in columns if c in words] for t, columns in tables.items() if t in words}
    require_columns(conn, wanted, conn_id)


def require_columns(
    conn: Connection, wanted: Mapping[str, Iterable[str]], conn_id: str = settings.APP_DB_CONN_ID
) -> None:
    """Check, before any change, that these tables have these columns (one query of
    ``information_schema``).

    :raises DatabaseError: naming the connection and every missing table or column.
    """
    with transaction(conn) as cur:
        present: dict[str, set[str]] = {}
        for table, column in execute(cur, "schema/columns.sql", {}).fetchall():
            present.setdefault(str(table).lower(), set()).add(str(column).lower())
    missing = []
    for table, columns in wanted.items():
        if table not in present:
            missing.append(f"la table {table}")
            continue
        missing += [f"la colonne {table}.{c}" for c in columns if c not in present[table]]
    if missing:
        raise DatabaseError(
            f"La base de la connexion {conn_id} n'a pas le schéma d'eCandidat qu'attendent les batches : "
            f"{', '.join(missing)} manque(nt) (ou ne sont pas accordées à son utilisateur : voir "
            "« python -m ecandidat_batches.admin.cli grants »). Rien n'a été modifié."
        )


def _words(files: Iterable[str], dialects: Iterable[str]) -> set[str]:
    """The lower-case words of these SQL files' code (comments left out), in these dialects."""
    words: set[str] = set()
    for dialect in dialects:
        for name in files:
            text = re.sub(r"--[^\n]*", "", sql_path(name, dialect).read_text(encoding="utf-8").lower())
            words |= set(re.findall(r"[a-z_][a-z0-9_]*", text))
    return words


def tables_named(files: Iterable[str]) -> list[str]:
    """eCandidat's tables that these SQL files use, in either dialect."""
    words = _words(files, (POSTGRESQL, MARIADB))
    return sorted(table for table in ecandidat_columns() if table in words)


def sql_files(module: object) -> list[str]:
    """The SQL files a job module runs (the ``"dir/name.sql"`` it names, or the package's modules it
    uses, directly or through another, name, such as ``nodes``), with ``parametre``'s."""
    import inspect
    import types

    me = sys.modules[__name__]

    def used(each: types.ModuleType) -> set[types.ModuleType]:
        found = set()
        for value in vars(each).values():
            owner = value if isinstance(value, types.ModuleType) else None
            if owner is None and (inspect.isclass(value) or inspect.isfunction(value)):
                owner = inspect.getmodule(value)
            if owner is not None and owner.__name__.startswith("ecandidat_batches.") and owner is not me:
                found.add(owner)
        return found

    # The job, the modules it uses (another job's functions too), and the package's helper modules
    # those use in turn (not other jobs': a job's own helpers stay its own).
    seen: set[types.ModuleType] = set()
    todo = [module] if isinstance(module, types.ModuleType) else []
    while todo:
        each = todo.pop()
        if each not in seen:
            seen.add(each)
            todo += [m for m in used(each) - seen if each is module or ".jobs." not in m.__name__]
    names = {"parametre/get.sql"}
    for source in seen or [module]:
        names |= set(re.findall(r'"([a-z_]+/[a-z_]+\.sql)"', inspect.getsource(source)))  # type: ignore[arg-type]
    return sorted(names)


def execute_one_dict(cur: Cursor, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Execute the SQL file and return its single row as ``{column: value}``."""
    execute(cur, name, params)
    assert cur.description is not None, f"{name} returns no row"
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def transaction(conn: Connection) -> AbstractContextManager[Any]:
    """A cursor in a transaction committed when the block succeeds, rolled back if it raises."""
    return Db(conn).transaction()


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
    "OPI_IS_UTILISE_ADR": "N",
    "GEST_IS_UTILISE_REG_STU": "N",
    "TECH_IS_UTILISE_DEMAT": "O",
    "SCOL_SISCOL_COD_SANS_BAC": "",
    "LC_IS_CALCUL_RANG_REEL": "O",
}


def get_parametre(cur: Cursor, code: str) -> str | None:
    """Return ``val_param`` of a parameter, or None when its row is missing."""
    row = execute(cur, "parametre/get.sql", {"cod_param": code}).fetchone()
    return None if row is None else row[0]


def get_flag(cur: Cursor, code: str) -> bool:
    """Read an "O"/"N" parameter, falling back to eCandidat's default."""
    value = get_parametre(cur, code)
    return (PARAMETRE_DEFAULTS[code] if value is None else value) == "O"


def get_text(cur: Cursor, code: str) -> str:
    """Read a text parameter, falling back to eCandidat's default."""
    value = get_parametre(cur, code)
    return PARAMETRE_DEFAULTS[code] if value is None else value


def get_int(cur: Cursor, code: str) -> int:
    """Read an integer parameter, falling back to eCandidat's default; a non-number is an error."""
    value = get_parametre(cur, code)
    if value is None:
        value = PARAMETRE_DEFAULTS[code]
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"parametre {code} : valeur entière attendue, trouvé {value!r}") from None
