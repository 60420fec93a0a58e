"""Protection of the page's actions against cross-site requests.

The Airflow UI authenticates the browser with a cookie, which a browser also sends with a form posted
from another site. Every action therefore requires, when the caller is authenticated by that cookie, a
token that only our own pages carry: the user's id signed with the API server's ``[api] secret_key``
(shared by all API servers, so any of them accepts it) and dated, so a leaked token expires. Requests
with a Bearer ``Authorization`` header (which Airflow prefers to the cookie, and which a page from
another site cannot send) need no token. A request whose ``Origin`` or ``Sec-Fetch-Site`` shows another
site is refused before anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

if TYPE_CHECKING:
    from fastapi import Request

SALT = "ecandidat-batches-csrf"
#: A page left open longer than this must be reloaded before acting.
MAX_AGE_SECONDS = 12 * 3600


class CsrfError(Exception):
    """The action must be refused; the message says why, in French."""


def make_token(secret: str, user_id: str) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps(user_id)


def check_origin(headers: Mapping[str, str], base_url: str | None = None) -> None:
    """Refuse a request that a browser says comes from another site.

    The origin's host must be the request's ``Host``, its ``X-Forwarded-Host`` or the host of
    Airflow's ``[api] base_url`` (behind a proxy that rewrites ``Host``); schemes are not compared, as
    a proxy that terminates TLS makes them differ. A page from another site cannot set these headers.
    """
    if headers.get("sec-fetch-site", "") == "cross-site":
        raise CsrfError("requête venant d'un autre site refusée")
    origin = headers.get("origin")
    if origin is None:
        return
    hosts = {headers.get("host", ""), *headers.get("x-forwarded-host", "").split(",")}
    if base_url:
        hosts.add(urlsplit(base_url).netloc)
    if urlsplit(origin).netloc not in {h.strip() for h in hosts if h.strip()}:
        raise CsrfError(f"requête venant de {origin[:80]} refusée")


def check_token(secret: str, user_id: str, token: str | None) -> None:
    """Accept only a token made by :func:`make_token` for this user, at most ``MAX_AGE_SECONDS`` old."""
    if not token:
        raise CsrfError("jeton de formulaire absent : rechargez la page")
    try:
        signed_for = URLSafeTimedSerializer(secret, salt=SALT).loads(token, max_age=MAX_AGE_SECONDS)
    except SignatureExpired:
        raise CsrfError("jeton de formulaire expiré : rechargez la page") from None
    except BadSignature:
        raise CsrfError("jeton de formulaire invalide : rechargez la page") from None
    if signed_for != user_id:
        raise CsrfError("jeton de formulaire d'un autre utilisateur : rechargez la page")


# -- on the API server --------------------------------------------------------------------------------


def secret() -> str:
    """The API server's ``[api] secret_key``, which signs the tokens."""
    from airflow.configuration import conf

    return conf.get("api", "secret_key")


def token_for(user: Any) -> str:
    """The form token of this user's pages."""
    return make_token(secret(), str(user.get_id()))


def _bearer(request: Request) -> bool:
    """Whether Airflow authenticates this request by a Bearer credential rather than the cookie."""
    from fastapi.security.utils import get_authorization_scheme_param

    scheme, credentials = get_authorization_scheme_param(request.headers.get("authorization"))
    return scheme.lower() == "bearer" and bool(credentials)  # as fastapi's HTTPBearer decides


def check_action(request: Request, user: Any, token: str | None) -> None:
    """403 for an action from another site, or without this user's form token (cookie requests).

    :raises HTTPException: 403, saying why in French.
    """
    from airflow.configuration import conf
    from fastapi import HTTPException

    try:
        check_origin(request.headers, conf.get("api", "base_url", fallback=None))
        if not _bearer(request):
            check_token(secret(), str(user.get_id()), token)
    except CsrfError as exc:
        raise HTTPException(403, f"Action refusée : {exc}.") from None
