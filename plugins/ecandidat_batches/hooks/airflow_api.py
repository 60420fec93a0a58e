"""Airflow's own REST API v2, the sanctioned way to read and change Airflow's state from a task.

Airflow 3 forbids task code from touching the metadata database; the REST API works the same from
any worker host (Celery, Kubernetes). Credentials come from the ``airflow_api`` connection::

    AIRFLOW_CONN_AIRFLOW_API='{"conn_type": "http", "host": "airflow.example.org", "schema": "https",
                               "login": "batchbot", "password": "..."}'

The hook exchanges them for a JWT at ``POST /auth/token`` and reuses it until shortly before it
expires; a 401 renews it once. Connection errors, timeouts, 5xx and 429 are retried with backoff;
other errors are raised at once with the server's message.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import requests
import tenacity
from airflow.providers.http.hooks.http import HttpHook
from requests.auth import AuthBase

_RETRYABLE_STATUS = {429, 500, 502, 503, 504}
_TOKEN_MARGIN_S = 60


class AirflowApiError(RuntimeError):
    """The API refused a request; the message holds the method, the path, the status and the detail."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        request = response.request
        super().__init__(f"{request.method} {request.path_url} -> {response.status_code}: {detail}")


class _RetryableError(Exception):
    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"{response.status_code} from {response.request.path_url}")
        self.response = response


def _jwt_expiry(token: str) -> float:
    """The ``exp`` claim of a JWT (not verified: the server verifies it), or now + 5 min if absent."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, KeyError, ValueError):
        return time.time() + 300


class JwtAuth(AuthBase):
    """Bearer token obtained from ``/auth/token`` with the connection's login and password."""

    def __init__(self, hook: AirflowApiHook, login: str, password: str | None) -> None:
        self.hook = hook
        self.login = login
        self.password = password or ""
        self.token: str | None = None
        self.expires_at = 0.0
        self.fetched = 0  # how many tokens this auth obtained (tests and logs)

    def invalidate(self) -> None:
        self.token = None

    def get_token(self) -> str:
        if self.token is None or time.time() > self.expires_at - _TOKEN_MARGIN_S:
            response = requests.post(
                f"{self.hook.base_url}/auth/token",
                json={"username": self.login, "password": self.password},
                timeout=self.hook.timeout,
            )
            if response.status_code >= 500 or response.status_code == 429:
                raise _RetryableError(response)
            if response.status_code not in (200, 201):
                raise AirflowApiError(response)
            self.token = response.json()["access_token"]
            self.expires_at = _jwt_expiry(self.token)
            self.fetched += 1
        return self.token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.get_token()}"
        return request


class AirflowApiHook(HttpHook):
    """HttpHook for Airflow's REST API v2 with JWT authentication and bounded retries.

    :param airflow_api_conn_id: the connection (``airflow_api`` by default).
    :param timeout: seconds per request.
    :param max_attempts: attempts for a retryable failure (connection error, timeout, 5xx, 429).
    :param wait_max: the longest backoff between attempts, in seconds.
    """

    conn_name_attr = "airflow_api_conn_id"
    default_conn_name = "airflow_api"
    conn_type = "http"
    hook_name = "Airflow REST API"

    def __init__(
        self,
        airflow_api_conn_id: str = default_conn_name,
        *,
        timeout: float = 30.0,
        max_attempts: int = 5,
        wait_max: float = 10.0,
    ) -> None:
        super().__init__(method="GET", http_conn_id=airflow_api_conn_id, auth_type=self._make_auth)
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.wait_max = wait_max
        self._session: requests.Session | None = None
        self.jwt: JwtAuth | None = None

    def _make_auth(self, login: str, password: str | None) -> JwtAuth:
        self.jwt = JwtAuth(self, login, password)
        return self.jwt

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = self.get_conn()
            if self.jwt is None:
                raise ValueError(f"connection {self.http_conn_id!r} needs a login and a password for the API")
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
        session = self.session
        url = f"{self.base_url}/api/v2{path}"

        def send() -> requests.Response:
            response = session.request(method, url, json=json, params=params, timeout=self.timeout)
            if response.status_code == 401 and self.jwt is not None:
                self.jwt.invalidate()  # expired or revoked: one fresh token
                response = session.request(method, url, json=json, params=params, timeout=self.timeout)
            if response.status_code in _RETRYABLE_STATUS:
                raise _RetryableError(response)
            return response

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.max_attempts),
            wait=tenacity.wait_exponential(multiplier=0.2, max=self.wait_max),
            retry=tenacity.retry_if_exception_type(
                (_RetryableError, requests.ConnectionError, requests.Timeout)
            ),
            reraise=True,
        )
        try:
            response = retrying(send)
        except _RetryableError as exc:
            raise AirflowApiError(exc.response) from None
        if response.status_code not in ok:
            raise AirflowApiError(response)
        return response
