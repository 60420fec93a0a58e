"""The URL of a service from an Airflow connection, in either of the forms Airflow stores.

As JSON, ``host`` is the whole URL (``https://enquetes.example.org/index.php/admin/remotecontrol``),
or a host name with ``schema`` (``https``/``http``), ``port`` and the extra ``path``. In Airflow's
URI form (``http://user:pw@host:port/some/path``) the scheme becomes the connection type and the
URL's path its ``schema``: both are put back together here.
"""

from __future__ import annotations

from typing import Any


def service_url(conn: Any, default_path: str) -> str:
    """The service's URL (empty when the connection has no host)."""
    host = str(conn.host or "")
    if not host or "://" in host:
        return host
    schema = str(conn.schema or "").strip("/")
    scheme = schema if schema in ("http", "https") else conn.conn_type
    path = schema if schema not in ("", "http", "https") else conn.extra_dejson.get("path", default_path)
    url = f"{scheme if scheme in ('http', 'https') else 'https'}://{host}"
    return url + (f":{conn.port}" if conn.port else "") + "/" + str(path).lstrip("/")
