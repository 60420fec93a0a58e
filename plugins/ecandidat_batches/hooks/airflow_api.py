"""Airflow's own REST API v2, the sanctioned way to read and change Airflow's state from a task.

Airflow 3 forbids task code from touching the metadata database; the REST API works the same from
any worker host (Celery, Kubernetes). Credentials come from the ``airflow_api`` connection::

    AIRFLOW_CONN_AIRFLOW_API='{"conn_type": "http", "host": "airflow.example.org", "schema": "https",
                               "login": "batchbot", "password": "..."}'

The hook exchanges them for a JWT at ``POST /auth/token`` and reuses it until shortly before it
expires; a 401 renews it once. Connection errors, timeouts, 5xx and 429 are retried with backoff;
other errors are raised at once with the server's message. Extras: ``timeout`` (30 s), ``retries``
(retries after the first attempt, 4) and the TLS and proxy extras of
:mod:`~ecandidat_batches.hooks.http_session` (``verify``, ``cert``, ``proxies``, ``trust_env``).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Collection, Iterator, Sequence
from typing import Any
from urllib.parse import quote

import requests
from requests.auth import AuthBase

from ecandidat_batches.hooks.http_session import (
    RetryPolicy,
    ServiceHttpHook,
    ServiceSession,
    setting_failure,
)

_TOKEN_MARGIN_S = 60


class AirflowApiUnreachableError(requests.ConnectionError):
    """The API server cannot be reached for a reason a connection's extra fixes (its CA, a client
    certificate, the proxy); the message says which, in French, naming the connection."""


class AirflowApiError(RuntimeError):
    """The API refused a request; the message holds the method, the path, the status and the detail."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        try:
            detail = response.json().get("detail", response.text)
        except (ValueError, AttributeError):
            detail = response.text
        self.detail = str(detail)
        request = response.request
        super().__init__(f"{request.method} {request.path_url} -> {response.status_code}: {detail}")


def jwt_expiry(token: str) -> float:
    """The ``exp`` claim of a JWT (not verified: the server verifies it), or now + 5 min if absent."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, KeyError, ValueError):
        return time.time() + 300


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


class JwtAuth(AuthBase):
    """Bearer token obtained from ``/auth/token`` with the connection's login and password."""

    def __init__(self, hook: AirflowApiHook, login: str, password: str | None) -> None:
        self.hook = hook
        self.login = login
        self.password = password or ""
        self.token: str | None = None
        self.expires_at = 0.0

    def invalidate(self) -> None:
        self.token = None

    def get_token(self) -> str:
        if self.token is None or time.time() > self.expires_at - _TOKEN_MARGIN_S:
            # Through the hook's session, so that the connection's TLS and proxy settings (verify,
            # cert, proxies) and retries apply to the token request too; ``_no_auth`` keeps this
            # auth out of it.
            response = self.hook.session.post(
                f"{self.hook.base_url}/auth/token",
                json={"username": self.login, "password": self.password},
                auth=_no_auth,
            )
            if response.status_code not in (200, 201):
                raise AirflowApiError(response)
            self.token = response.json()["access_token"]
            self.expires_at = jwt_expiry(self.token)
        return self.token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.get_token()}"
        return request


class AirflowApiHook(ServiceHttpHook):
    """HttpHook for Airflow's REST API v2 with JWT authentication and bounded retries.

    :param airflow_api_conn_id: the connection (``airflow_api`` by default).
    :param timeout: seconds per request (default: the connection's extra ``timeout``, else 30).
    :param retries: retries after the first attempt of a failure worth another (connection error,
        timeout, 5xx, 429) (default: the connection's extra ``retries``, else 4).
    :param wait_max: the longest backoff between attempts, in seconds.
    """

    conn_name_attr = "airflow_api_conn_id"
    default_conn_name = "airflow_api"
    conn_type = "http"
    hook_name = "Airflow REST API"
    service = "l'API d'Airflow"
    default_timeout = 30.0
    default_retries = 4

    def __init__(
        self,
        airflow_api_conn_id: str = default_conn_name,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        wait_max: float = 10.0,
    ) -> None:
        super().__init__(method="GET", http_conn_id=airflow_api_conn_id, auth_type=self._make_auth)
        self.airflow_api_conn_id = airflow_api_conn_id
        self.retry_policy = RetryPolicy(wait_max=wait_max)
        self._overrides = {
            key: value for key, value in (("timeout", timeout), ("retries", retries)) if value is not None
        }
        self._session: ServiceSession | None = None
        self.jwt: JwtAuth | None = None

    def _make_auth(self, login: str | None = None, password: str | None = None) -> JwtAuth:
        if not login:
            raise ValueError(f"connection {self.http_conn_id!r} needs a login and a password for the API")
        self.jwt = JwtAuth(self, login, password)
        return self.jwt

    @property
    def session(self) -> ServiceSession:
        if self._session is None:
            self._session = self.get_conn(extra_options=self._overrides)
        return self._session

    def api(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> requests.Response:
        """Send one request to ``/api/v2`` + ``path``; return the response if its status is in ``ok``.

        :raises AirflowApiError: any other status, after retries for the retryable ones.
        """
        return self.request(method, f"/api/v2{path}", json=json, params=params, ok=ok)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> requests.Response:
        """Send one request to the API server's ``path`` (a plugin's routes too), as :meth:`api` does."""
        session = self.session  # retries connection errors, timeouts, 429 and 5xx
        url = f"{self.base_url}{path}"
        try:
            response = session.request(method, url, json=json, params=params)
            if response.status_code == 401 and self.jwt is not None:
                self.jwt.invalidate()  # expired or revoked: one fresh token
                response = session.request(method, url, json=json, params=params)
        except requests.RequestException as exc:
            named = setting_failure(exc, self.service, self.airflow_api_conn_id)  # TLS, proxy
            if named is not None:
                raise AirflowApiUnreachableError(named) from exc
            raise
        if response.status_code not in ok:
            raise AirflowApiError(response)
        return response

    # -- DAG runs ---------------------------------------------------------------------------------

    def iter_pages(self, path: str, key: str, body: dict[str, Any], page_size: int = 1000) -> Iterator[Any]:
        """Yield every item of a ``POST .../list`` endpoint, page by page (``page_offset``/``page_limit``).

        The server caps a page at ``[api] maximum_page_limit`` (100 by default); asking for more costs
        nothing and uses a higher cap when an admin sets one.
        """
        offset = 0
        while True:
            page = self.api(
                "POST", path, json={**body, "page_offset": offset, "page_limit": page_size}
            ).json()
            items = page[key]
            yield from items
            offset += len(items)
            if not items or offset >= page["total_entries"]:
                return

    def iter_dag_runs(self, page_size: int = 1000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Yield every DAG run matching ``filters`` (fields of ``POST /dags/~/dagRuns/list``).

        Pages by offset in a stable order (``id``); collect before changing the runs you list, or
        deletions would shift the pages.
        """
        body = {key: _iso(value) for key, value in filters.items() if value is not None}
        body.setdefault("order_by", "id")
        return self.iter_pages("/dags/~/dagRuns/list", "dag_runs", body, page_size)

    def paused_states(self, dag_ids: Collection[str]) -> dict[str, bool]:
        """``{dag_id: is_paused}`` for the given DAGs that exist in Airflow."""
        wanted = set(dag_ids)
        result: dict[str, bool] = {}
        offset = 0
        while True:
            page = self.api(
                "GET", "/dags", params={"limit": 100, "offset": offset, "order_by": "dag_id"}
            ).json()
            result.update({d["dag_id"]: d["is_paused"] for d in page["dags"] if d["dag_id"] in wanted})
            offset += len(page["dags"])
            if not page["dags"] or offset >= page["total_entries"]:
                return result

    def latest_started_run(self, dag_id: str) -> dict[str, Any] | None:
        """The most recently started run of a DAG ("Dernière exécution"), or None.

        A run still queued (a pending launch) has not started and does not count; no such DAG: None.
        """
        body = {
            "dag_ids": [dag_id],
            "start_date_gte": "1970-01-01T00:00:00Z",  # excludes runs not started (NULL sorts first)
            "order_by": "-start_date",
            "page_limit": 1,
        }
        runs = self.api("POST", "/dags/~/dagRuns/list", json=body).json()["dag_runs"]
        return runs[0] if runs else None

    def get_dag_run(self, dag_id: str, run_id: str) -> dict[str, Any] | None:
        """Return one run, or None if it no longer exists."""
        response = self.api("GET", f"/dags/{quote(dag_id)}/dagRuns/{quote(run_id)}", ok=(200, 404))
        return None if response.status_code == 404 else response.json()

    def fail_dag_run(self, dag_id: str, run_id: str, note: str) -> dict[str, Any]:
        """Set a run to failed with a note; Airflow stops its running tasks."""
        run: dict[str, Any] = self.api(
            "PATCH", f"/dags/{quote(dag_id)}/dagRuns/{quote(run_id)}", json={"state": "failed", "note": note}
        ).json()
        return run

    def delete_dag_runs(self, keys: Sequence[tuple[str, str]], chunk: int = 500) -> tuple[int, list[str]]:
        """Delete finished runs with the bulk endpoint, ``chunk`` per request.

        :return: the number deleted and the errors the API reported (a run that is running again,
            or already gone, is reported, not fatal).
        """
        deleted = 0
        errors: list[str] = []
        for start in range(0, len(keys), chunk):
            entities = [{"dag_id": d, "dag_run_id": r} for d, r in keys[start : start + chunk]]
            body = {
                "actions": [{"action": "delete", "entities": entities, "action_on_non_existence": "skip"}]
            }
            result = self.api("PATCH", "/dags/~/dagRuns", json=body).json().get("delete") or {}
            deleted += len(result.get("success", []))
            errors += [str(e.get("error", e)) for e in result.get("errors", [])]
        return deleted, errors


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
