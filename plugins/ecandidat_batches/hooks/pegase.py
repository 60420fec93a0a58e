"""Pégase, the SI Scolarité of PC-SCOL: its referential (``ref``) and offer (``odf``) REST APIs.

As eCandidat reads them (its ``configUrlServicesPegase.properties``): a JWT from the CAS ticket
endpoint (form ``username``, ``password``, ``token=true``; the body is the raw token), then Bearer
calls. Nomenclatures come by pages numbered in the path
(``nomenclatures/{Type}/numPage/{n}/nbOccurences/{size}``, ``n`` from 0 while below ``nbTotalPages``),
academic years by ``espaces?type=PERIODE&page=n&taille=size`` pages (``totalPages``). An error is a
``{erreurMsg, erreurType, erreurDescription}`` body. No Python client exists; this hook is shaped like
the HTTP provider's, on which it stands, with the session of
:mod:`~ecandidat_batches.hooks.http_session`: the connection's TLS settings (``verify``, ``cert``) and
proxies apply to every call, the token's included.

What it adds to eCandidat's client: the token is reused until shortly before it expires (its ``exp``;
eCandidat renewed it every hour) and renewed once on a 401; connection errors, timeouts and 5xx are
retried a bounded number of times (nothing else is); pages are yielded one at a time, so memory holds
one page whatever the referential's size.

Connection ``pegase_default`` (type http): ``login``/``password`` (the Pégase account), extras
``auth_url`` (``https://authn-app.etab.pc-scol.fr/cas/v1/tickets/``), ``ref_url``
(``…/api/v1/ref/``), ``odf_url`` (``…/api/v1/odf/``), ``etablissement`` (eCandidat's
``pegase.etablissement``), ``timeout`` (60 s), ``retries`` (retries after the first attempt, 3),
``page_size`` (1000), and the TLS and proxy extras (``verify``, ``cert``, ``proxies``, ``trust_env``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import requests

from ecandidat_batches.hooks.airflow_api import jwt_expiry
from ecandidat_batches.hooks.http_session import (
    RETRY_STATUSES,
    RetryPolicy,
    ServiceHttpHook,
    ServiceSession,
    attempts_phrase,
    transport_failure,
)

_TOKEN_MARGIN_S = 60


class PegaseError(RuntimeError):
    """Pégase refused a call, or its answer cannot be read; the message says which and why."""


class PegaseUnreachableError(PegaseError):
    """Pégase does not answer (connection refused, timeout, 5xx after the retries)."""


def error_of(response: requests.Response, what: str) -> PegaseError:
    """Pégase's ``{erreurMsg, erreurType, erreurDescription}`` body (or the status) as an error."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("erreurMsg"):
        detail = f"{body['erreurMsg']} ({body.get('erreurType') or 'erreur'})"
        if body.get("erreurDescription"):
            detail += f" : {body['erreurDescription']}"
        return PegaseError(f"Pégase, {what} : {detail}")
    return PegaseError(f"Pégase, {what} : HTTP {response.status_code}")


class PegaseHook(ServiceHttpHook):
    """Read Pégase's nomenclatures and academic years with a reused JWT and bounded retries."""

    conn_name_attr = "pegase_conn_id"
    default_conn_name = "pegase_default"
    conn_type = "http"
    hook_name = "Pégase (SI Scolarité)"
    service = "Pégase"
    settings_error = PegaseError

    def __init__(self, pegase_conn_id: str = default_conn_name, *, wait_max: float = 10.0) -> None:
        super().__init__(method="GET", http_conn_id=pegase_conn_id)
        self.pegase_conn_id = pegase_conn_id
        self.retry_policy = RetryPolicy(wait_max=wait_max)
        self._session: ServiceSession | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self.token_requests = 0

    @property
    def session(self) -> ServiceSession:
        """The session (TLS, proxies, timeout, retries), built at the first call."""
        if self._session is None:
            conn = self.get_connection(self.pegase_conn_id)
            extra = conn.extra_dejson
            missing = [
                name
                for name, value in (("login", conn.login), ("password", conn.password),
                                    ("auth_url", extra.get("auth_url")), ("ref_url", extra.get("ref_url")))
                if not value
            ]  # fmt: skip
            if missing:
                raise PegaseError(
                    f"connexion {self.pegase_conn_id} incomplète : {', '.join(missing)} manquant(s) "
                    "(compte Pégase, URL d'authentification et du référentiel)"
                )
            self.login, self.password = str(conn.login), str(conn.password)
            self.auth_url = str(extra["auth_url"])
            self.ref_url = str(extra["ref_url"]).rstrip("/") + "/"
            self.odf_url = str(extra.get("odf_url") or "").rstrip("/") + "/"
            self.etablissement = str(extra.get("etablissement") or "")
            self.page_size = int(extra.get("page_size", 1000))
            session = self.get_conn()
            session.auth = None  # the credentials go to the CAS form; the APIs take the Bearer token
            self._session = session
        return self._session

    def _set_base_url(self, connection: Any) -> None:
        """The URLs come from the extras (the CAS and the APIs may be on different hosts): the base is
        the CAS's scheme and host, where the provider mounts its adapters."""
        from urllib.parse import urlsplit

        auth = urlsplit(str(connection.extra_dejson.get("auth_url") or ""))
        self.base_url = f"{auth.scheme}://{auth.netloc}"
        self._base_url_initialized = True

    # -- transport -----------------------------------------------------------------------------------

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One call; the session retries connection errors, timeouts, 429 and 5xx."""
        session = self.session
        try:
            response = session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            raise PegaseUnreachableError(transport_failure(exc, "Pégase", self.pegase_conn_id)) from None
        if response.status_code in RETRY_STATUSES:
            raise PegaseUnreachableError(
                f"Pégase répond en erreur (HTTP {response.status_code}) après "
                f"{attempts_phrase(session.policy.attempts)}"
            )
        return response

    def token(self) -> str:
        """The JWT, reused until shortly before its ``exp``."""
        if self._token is None or time.time() > self._expires_at - _TOKEN_MARGIN_S:
            self.session  # noqa: B018 (reads the connection)
            response = self._send(
                "POST",
                self.auth_url,
                data={"username": self.login, "password": self.password, "token": "true"},
                headers={"Accept": "text/plain"},
            )
            if response.status_code not in (200, 201):
                raise error_of(response, "authentification refusée")
            token = response.text.strip()
            if token.count(".") != 2:
                raise PegaseError("Pégase, authentification : la réponse n'est pas un jeton JWT")
            self._token, self._expires_at = token, jwt_expiry(token)
            self.token_requests += 1
        return self._token

    def get_json(self, url: str, what: str, params: dict[str, Any] | None = None) -> Any:
        """GET with the Bearer token; a 401 renews the token once (expired or revoked)."""
        for renewed in (False, True):
            response = self._send(
                "GET",
                url,
                params=params,
                headers={"Authorization": f"Bearer {self.token()}", "Accept": "application/json"},
            )
            if response.status_code == 401 and not renewed:
                self._token = None
                continue
            if response.status_code != 200:
                raise error_of(response, what)
            try:
                return response.json()
            except ValueError:
                raise PegaseError(f"Pégase, {what} : réponse qui n'est pas du JSON") from None
        raise AssertionError("unreachable")

    # -- the referentials ----------------------------------------------------------------------------

    def nomenclature(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every item of a nomenclature (``SerieBac``, ``Commune``…), page by page; empty strings as None."""
        self.session  # noqa: B018 (reads the connection)
        page, pages = 0, 1
        while page < pages:
            url = f"{self.ref_url}nomenclatures/{kind}/numPage/{page}/nbOccurences/{self.page_size}"
            body = self.get_json(url, f"nomenclature {kind} page {page}")
            pages = int(body.get("nbTotalPages") or 0)
            for item in body.get("nomenclatures") or ():
                yield {key: (None if value == "" else value) for key, value in item.items()}
            page += 1

    def periodes(self) -> Iterator[dict[str, Any]]:
        """The establishment's academic years (ODF ``espaces`` of type ``PERIODE``), page by page."""
        self.session  # noqa: B018 (reads the connection)
        if not self.odf_url.strip("/") or not self.etablissement:
            raise PegaseError(
                f"connexion {self.pegase_conn_id} : odf_url et etablissement sont nécessaires pour les années"
            )
        page, pages = 0, 1
        while page < pages:
            url = f"{self.odf_url}etablissement/{self.etablissement}/espaces"
            params = {"type": "PERIODE", "page": page, "taille": self.page_size}
            body = self.get_json(url, f"années universitaires page {page}", params)
            pages = int(body.get("totalPages") or 0)
            yield from body.get("items") or ()
            page += 1
