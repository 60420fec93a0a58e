"""One way to reach an HTTP or SOAP service from an Airflow connection: TLS, proxy, timeout, retries.

Every hook of this package that speaks HTTP (LimeSurvey, Pégase, OpiMetier and PjOpiMetier, CMIS,
Airflow's API) gets its ``requests.Session`` from :func:`service_session`, so that a university's own
certificate authority, its client certificate and its proxy apply to every call, the token and WSDL
requests included. The extras have the HTTP provider's names and forms, so one connection serves our
hooks and Airflow's ``HttpHook`` alike:

``verify`` (or ``verify_ssl``)
    ``true`` (default: the system's authorities, or ``REQUESTS_CA_BUNDLE``), ``false`` (no check), or the
    path of a CA bundle (PEM) or folder: the university's CA.
``cert``
    A client certificate: the path of a PEM holding the certificate and its key, or ``[cert, key]``.
``proxies`` (or ``proxy``)
    ``{"https": "http://proxy.univ.fr:3128", "http": "..."}``; the proxy's credentials, when it asks for
    them, go in its URL (``http://user:password@proxy:3128``), in the connection.
``trust_env``
    ``true`` (default): the environment (``HTTPS_PROXY``, ``NO_PROXY``, ``REQUESTS_CA_BUNDLE``, ``.netrc``)
    fills in what the connection does not say; ``false``: only the connection counts.
``timeout``
    Seconds per request (connecting, then between two bytes of the answer); each hook has its default.
``retries``
    Retries after the first attempt (``0``: one attempt only); 3 by default.

What the connection says wins over the environment: ``requests`` alone lets ``REQUESTS_CA_BUNDLE``
replace a session's CA and the environment's proxies replace the session's (psf/requests#3829, #2018).

One retry policy (:class:`RetryPolicy`): a request is sent again when it got no answer (connection
refused or dropped, timeout, proxy unreachable) or when the answer is 429 or 500/502/503/504 and not
a SOAP fault; never on a certificate refused, another 4xx or a SOAP fault, which are answers. A hook says
which methods may be repeated and whether a read timeout may (a request that timed out may still be
running on the server).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import requests
from airflow.providers.http.hooks.http import HttpHook
from requests.adapters import HTTPAdapter

log = logging.getLogger(__name__)

#: Answers worth another attempt: too many requests, and the server's (or a gateway's) trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_SOAP_FAULT = re.compile(rb"<(?:[\w.-]+:)?Fault[\s>]")


class ConnectionSettingsError(ValueError):
    """A connection's extra cannot be used; the message names the connection and the extra."""


@dataclass(frozen=True)
class RetryPolicy:
    """When a request is sent again. ``retries`` comes from the connection; the rest is the hook's.

    :param methods: the HTTP methods that may be repeated (None: all of them).
    :param read_timeouts: whether a request that timed out waiting for its answer is sent again.
    :param backoff: seconds before the second retry, doubled for each next one (the first is at once:
        a pooled connection the server had closed is the usual cause).
    :param wait_max: the longest wait between two attempts, ``Retry-After`` included.
    """

    retries: int = 3
    methods: frozenset[str] | None = None
    read_timeouts: bool = True
    backoff: float = 0.5
    wait_max: float = 10.0

    @property
    def attempts(self) -> int:
        return self.retries + 1

    def repeats(self, request: requests.PreparedRequest) -> bool:
        body_replayable = request.body is None or isinstance(request.body, bytes | str)
        return (
            self.retries > 0 and body_replayable and (self.methods is None or request.method in self.methods)
        )

    def wait(self, retry: int, response: requests.Response | None) -> float:
        """Seconds before retry number ``retry`` (1 for the first)."""
        wait = 0.0 if retry <= 1 else self.backoff * 2 ** (retry - 2)
        after = response.headers.get("Retry-After", "") if response is not None else ""
        if after.strip().isdigit():
            wait = max(wait, float(after))
        return min(wait, self.wait_max)


def attempts_phrase(attempts: int) -> str:
    """``1 essai``, ``3 essais``."""
    return f"{attempts} essai{'s' if attempts > 1 else ''}"


@dataclass(frozen=True)
class Transport:
    """What a connection says about reaching its service."""

    conn_id: str
    timeout: float
    retries: int
    verify: bool | str = True
    cert: str | tuple[str, str] | None = None
    proxies: dict[str, str] = field(default_factory=dict)
    trust_env: bool = True


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in ("true", "1", "yes") else False if text in ("false", "0", "no") else None


def transport_of(
    conn: Any,
    conn_id: str,
    *,
    timeout: float,
    retries: int = 3,
    error: Callable[[str], Exception] = ConnectionSettingsError,
    overrides: Mapping[str, Any] | None = None,
) -> Transport:
    """The connection's transport extras (the provider's names and forms), checked.

    :param timeout: the hook's default timeout; ``retries`` its default retries.
    :param error: the hook's error type, raised with a French message naming the connection and extra.
    :param overrides: extras given by the caller (the provider's ``extra_options``), over the connection's.
    """
    extra = {**(conn.extra_dejson or {}), **(overrides or {})}

    def bad(name: str, expected: str) -> Exception:
        return error(f"connexion {conn_id} : extra « {name} » invalide ({extra.get(name)!r}) : {expected}")

    def existing(name: str, path: Any) -> str:
        if not isinstance(path, str) or not path.strip():
            raise bad(name, "un chemin de fichier attendu")
        if not Path(path).exists():
            raise error(f"connexion {conn_id} : extra « {name} » : le fichier {path} n'existe pas")
        return path

    key = "verify" if "verify" in extra else "verify_ssl"
    verify: bool | str = True
    if extra.get(key) is not None:
        flag = _flag(extra[key])
        verify = flag if flag is not None else existing(key, extra[key])
    cert: str | tuple[str, str] | None = None
    if extra.get("cert") not in (None, ""):
        value = extra["cert"]
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise bad("cert", "un fichier PEM (certificat et clé) ou [certificat, clé]")
            cert = (existing("cert", value[0]), existing("cert", value[1]))
        else:
            cert = existing("cert", value)
    key = "proxies" if "proxies" in extra else "proxy"
    proxies = extra.get(key) or {}
    if not isinstance(proxies, dict) or not all(isinstance(v, str) for v in proxies.values()):
        raise bad(key, 'un objet {"https": "http://proxy:3128", "http": "..."} attendu')
    trust_env = _flag(extra.get("trust_env", True))
    if trust_env is None:
        raise bad("trust_env", "true ou false")
    try:
        seconds = float(extra.get("timeout", timeout))
        if seconds <= 0:
            raise ValueError
    except (TypeError, ValueError):
        raise bad("timeout", "un nombre de secondes positif") from None
    try:
        count = int(extra.get("retries", retries))
        if count < 0 or str(count) != str(extra.get("retries", retries)).strip():
            raise ValueError
    except (TypeError, ValueError):
        raise bad("retries", "le nombre de nouvelles tentatives après la première (0, 1, 2…)") from None
    return Transport(conn_id, seconds, count, verify, cert, dict(proxies), trust_env)


class ServiceSession(requests.Session):
    """A session whose connection settings win over the environment, with a default timeout and the
    retry policy applied to every request (also those a client library sends: citric, zeep)."""

    def __init__(self, transport: Transport, policy: RetryPolicy, *, pool_size: int = 10) -> None:
        super().__init__()
        self.transport = transport
        self.policy = policy
        self.verify = transport.verify
        self.cert = transport.cert
        self.proxies = dict(transport.proxies)
        self.trust_env = transport.trust_env
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=max(1, pool_size))
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        """The connection's CA, certificate and proxies first; the environment fills in the rest."""
        verify = self.verify if verify is None else verify
        cert = self.cert if cert is None else cert
        proxies = {**self.proxies, **(proxies or {})}
        return super().merge_environment_settings(url, proxies, stream, verify, cert)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.transport.timeout
        policy = self.policy
        if not policy.repeats(request):
            return super().send(request, **kwargs)
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            response: requests.Response | None = None
            try:
                response = super().send(request, **kwargs)
            except requests.RequestException as exc:
                if _lasting(exc):
                    raise  # a certificate refused, a proxy asking for credentials: the same next time
                if isinstance(exc, requests.exceptions.ReadTimeout) and not policy.read_timeouts:
                    raise
                if last or not isinstance(exc, requests.ConnectionError | requests.Timeout):
                    raise
                reason = type(exc).__name__
            else:
                if last or not retryable(response):
                    return response
                reason = f"HTTP {response.status_code}"
                response.close()
            wait = policy.wait(attempt, response)
            log.warning(
                "Connection %s, %s %s: attempt %d of %d failed (%s); again in %.1f s",
                self.transport.conn_id, request.method, _no_query(request.url), attempt, policy.attempts,
                reason, wait,
            )  # fmt: skip
            time.sleep(wait)
        raise AssertionError("unreachable")


def retryable(response: requests.Response) -> bool:
    """A 429 or 5xx that is not a SOAP fault (a SOAP fault is the service's answer, sent as a 500)."""
    if response.status_code not in RETRY_STATUSES:
        return False
    head = response.content[:4096]
    return not (response.status_code == 500 and b"Envelope" in head and _SOAP_FAULT.search(head))


def _lasting(exc: requests.RequestException) -> bool:
    """A failure that another attempt would meet again (a connection setting to change)."""
    text = str(exc).lower()
    return (
        isinstance(exc, requests.exceptions.SSLError)
        or (isinstance(exc, requests.exceptions.ProxyError) and "407" in text)
        or "certificate required" in text
    )


def _no_query(url: str | None) -> str:
    return str(url or "").split("?", 1)[0]


def service_session(
    conn: Any,
    conn_id: str,
    *,
    timeout: float,
    retries: int = 3,
    policy: RetryPolicy | None = None,
    error: Callable[[str], Exception] = ConnectionSettingsError,
    pool_size: int = 10,
    overrides: Mapping[str, Any] | None = None,
) -> ServiceSession:
    """The session for the service of ``conn``: its TLS, proxy, timeout and ``retries`` extras applied
    (``timeout`` and ``retries`` are the hook's defaults); ``policy`` gives the hook's other knobs."""
    transport = transport_of(
        conn, conn_id, timeout=timeout, retries=retries, error=error, overrides=overrides
    )
    policy = replace(policy or RetryPolicy(), retries=transport.retries)
    return ServiceSession(transport, policy, pool_size=pool_size)


def transport_failure(exc: requests.RequestException, service: str, conn_id: str) -> str:
    """A French sentence for an admin: what failed on the way to ``service``.

    A refused certificate, a missing client certificate and a proxy's refusal name the connection and
    the extra to set (:func:`setting_failure`); the rest reads ``<service> ne répond pas (délai
    dépassé)`` or ``<service> injoignable (connexion impossible)``.
    """
    named = setting_failure(exc, service, conn_id)
    if named is not None:
        return named
    if isinstance(exc, requests.Timeout):
        return f"{service} ne répond pas (délai dépassé)"
    return f"{service} injoignable (connexion impossible)"


def setting_failure(exc: BaseException, service: str, conn_id: str) -> str | None:
    """The sentence for a failure that a connection's extra fixes (TLS, client certificate, proxy),
    naming the connection and the extra; None for any other failure."""
    text = str(exc)
    refused = certificate_refused(text, service, "verify", conn_id)
    if refused:
        return refused
    lowered = text.lower()
    if "certificate required" in lowered or "certificate_required" in lowered:
        return client_certificate_missing(service, conn_id)
    if isinstance(exc, requests.exceptions.SSLError):
        return f"{service} : échec de la négociation TLS ({_short(text)}), connexion {conn_id}"
    if isinstance(exc, requests.exceptions.ProxyError):
        if "407" in text:
            return (
                f"{service} : le proxy demande une authentification (HTTP 407) : identifiant et mot de "
                f"passe dans l'URL du proxy, extra « proxies » de la connexion {conn_id}"
            )
        return (
            f"{service} : proxy injoignable ou refusant la demande ({_short(text)}), extra « proxies » "
            f"de la connexion {conn_id}"
        )
    return None


def certificate_refused(text: str, service: str, extra: str, conn_id: str) -> str | None:
    """The sentence for a server certificate the trusted authorities refused, naming the extra of the
    connection that gives the university's own CA (HTTP and LDAP say it alike); None otherwise."""
    if "CERTIFICATE_VERIFY_FAILED" not in text:
        return None
    found = re.search(r"certificate verify failed: ([^()'\"]+?)\s*\(", text)
    reason = found.group(1) if found else "autorité inconnue"
    return (
        f"{service} : certificat du serveur refusé ({reason}) ; si l'établissement a sa propre "
        f"autorité de certification, donnez son certificat (fichier PEM) dans l'extra « {extra} » "
        f"de la connexion {conn_id}"
    )


def client_certificate_missing(service: str, conn_id: str) -> str:
    return (
        f"{service} exige un certificat client : donnez-le dans l'extra « cert » de la connexion {conn_id} "
        "(un fichier PEM avec la clé, ou [certificat, clé])"
    )


def _short(text: str) -> str:
    found = re.search(r"\[SSL[^\]]*\][^()']*|Tunnel connection failed: [^'\"]+", text)
    return (found.group(0) if found else text).strip()[:160]


def service_url(conn: Any, default_path: str) -> str:
    """The service's URL from either form Airflow stores a connection in (empty when it has no host).

    As JSON, ``host`` is the whole URL, or a host name with ``schema`` (``https``/``http``), ``port`` and
    the extra ``path``. In Airflow's URI form (``http://user:pw@host:port/some/path``) the scheme becomes
    the connection type and the URL's path its ``schema``: both are put back together here.
    """
    host = str(conn.host or "")
    if not host or "://" in host:
        return host
    schema = str(conn.schema or "").strip("/")
    scheme = schema if schema in ("http", "https") else conn.conn_type
    path = schema if schema not in ("", "http", "https") else conn.extra_dejson.get("path", default_path)
    url = f"{scheme if scheme in ('http', 'https') else 'https'}://{host}"
    return url + (f":{conn.port}" if conn.port else "") + "/" + str(path).lstrip("/")


class ServiceHttpHook(HttpHook):
    """The HTTP provider's hook, its session from :func:`service_session` (for ``get_conn`` and the
    provider's ``run`` alike). Subclasses set the service's name, defaults and retry knobs.

    The extras are settings, never sent as headers (the provider sends unknown extras as headers).
    """

    #: The service as the messages name it ("Pégase", "dépôt CMIS").
    service = "service HTTP"
    default_timeout = 60.0
    default_retries = 3
    retry_policy = RetryPolicy()
    #: How a bad extra is raised (the hook's own error type).
    settings_error: Callable[[str], Exception] = ConnectionSettingsError

    def get_conn(
        self, headers: dict[Any, Any] | None = None, extra_options: dict[str, Any] | None = None
    ) -> ServiceSession:
        conn = self.get_connection(self.http_conn_id)
        self._set_base_url(conn)
        session = service_session(
            conn, self.http_conn_id, timeout=self.default_timeout, retries=self.default_retries,
            policy=self.retry_policy, error=type(self).settings_error, overrides=extra_options,
        )  # fmt: skip
        session.auth = self._extract_auth(conn)  # type: ignore[arg-type]
        if headers:
            session.headers.update(headers)
        return session
