"""The eCandidat database's hooks: PostgreSQL and MariaDB/MySQL, as the provider hooks with our defaults."""

from __future__ import annotations

from typing import Any

from airflow.providers.mysql.hooks.mysql import MySqlHook
from airflow.providers.postgres.hooks.postgres import PostgresHook

from ecandidat_batches import settings


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

    ``group_concat_max_len``: MariaDB cuts a ``GROUP_CONCAT`` or ``JSON_ARRAYAGG`` at this length
    (1 MiB by default) with a mere warning, which would turn a long list into invalid JSON; raised to
    the maximum, a result too large for ``max_allowed_packet`` is an error instead.
    """
    if is_mariadb(conn):
        cur = conn.cursor()
        try:
            cur.execute("SET SESSION group_concat_max_len = 4294967295")
        finally:
            cur.close()


def mysql_conversions() -> dict[Any, Any]:
    """mysqlclient's conversions, with ``bit(1)`` as a boolean (eCandidat's flags)."""
    from MySQLdb.constants import FIELD_TYPE  # type: ignore[import-untyped]
    from MySQLdb.converters import conversions  # type: ignore[import-untyped]

    conv = dict(conversions)
    conv[FIELD_TYPE.BIT] = lambda value: value not in (b"\x00", b"", None)
    return conv


def is_mariadb(conn: Any) -> bool:
    """The connection is to MariaDB (not MySQL: some session settings are MariaDB's)."""
    info = getattr(conn, "get_server_info", None)
    return info is not None and "mariadb" in str(info()).lower()
