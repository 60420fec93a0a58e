"""LimeSurvey RemoteControl 2 (JSON-RPC), through the citric client library.

Why citric rather than our own JSON-RPC: it is maintained, speaks the protocol as real servers do
(positional params, no ``jsonrpc`` member, the ``{"status": ...}`` business errors turned into
``LimeSurveyStatusError``, the empty body of a disabled RPC interface into
``RPCInterfaceNotEnabledError``) and decodes the base64 exports. This hook adds what a batch needs
around it: credentials from an Airflow connection, one session key per run released at the end
(eCandidat leaks one per survey), a timeout on every call, retries on connection errors and 5xx only,
and errors that say which survey and why.

Connection ``limesurvey_default`` (type http), in Airflow's URI form
``https://ecandidat:PASSWORD@enquetes.example.org/index.php/admin/remotecontrol`` or as JSON: ``host``
is the RemoteControl URL or a host name, with ``schema`` (``https`` or ``http``) and the extra ``path``
(default ``index.php/admin/remotecontrol``); ``login``/``password``; extras ``"timeout"`` (seconds,
default 60) and ``"retries"`` (default 3). Both export layouts (LimeSurvey 4+, and 2.x/3.x:
eCandidat's ``limesurvey.v3``) are recognised by themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from airflow.sdk import BaseHook
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ecandidat_batches.hooks.connection_url import service_url

DEFAULT_PATH = "index.php/admin/remotecontrol"


class LimeSurveyError(RuntimeError):
    """A LimeSurvey call failed; the message says what LimeSurvey answered."""


class SessionExpiredError(LimeSurveyError):
    """The session key expired (``iSessionExpirationTime``, 2 h by default) or was revoked."""


class LimeSurveyUnreachableError(LimeSurveyError):
    """LimeSurvey does not answer (connection refused, timeout): the next calls would not either."""


class ExportUnreadableError(LimeSurveyError):
    """LimeSurvey answered with an export that cannot be decoded (bad data, not a failed call)."""


class _TimeoutAdapter(HTTPAdapter):
    def __init__(self, timeout: float, **kwargs: Any) -> None:
        self.timeout = timeout
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class LimeSurveyHook(BaseHook):
    """Open RemoteControl sessions and export survey responses."""

    conn_name_attr = "limesurvey_conn_id"
    default_conn_name = "limesurvey_default"
    conn_type = "http"
    hook_name = "LimeSurvey RemoteControl 2"

    def __init__(self, limesurvey_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.limesurvey_conn_id = limesurvey_conn_id

    def settings(self) -> dict[str, Any]:
        """URL, credentials and options from the connection; a missing one is a clear error."""
        conn = self.get_connection(self.limesurvey_conn_id)
        extra = conn.extra_dejson
        host = service_url(conn, DEFAULT_PATH)
        missing = [
            name
            for name, value in (("host", host), ("login", conn.login), ("password", conn.password))
            if not value
        ]
        if missing:
            raise LimeSurveyError(
                f"connexion {self.limesurvey_conn_id} incomplète : {', '.join(missing)} manquant(s) "
                "(URL RemoteControl, utilisateur et mot de passe LimeSurvey)"
            )
        return {
            "url": host,
            "login": conn.login,
            "password": conn.password,
            "timeout": float(extra.get("timeout", 60)),
            "retries": int(extra.get("retries", 3)),
        }

    @contextmanager
    def client(self) -> Iterator[Any]:
        """A citric client with one session key, released when the block ends (even on error)."""
        import citric
        from citric import exceptions as cx

        cfg = self.settings()
        session = requests.Session()
        retry = Retry(
            total=cfg["retries"],
            connect=cfg["retries"],
            read=0,  # a timed-out export may still be running on the server: do not pile up
            status=cfg["retries"],
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"POST"}),
            backoff_factor=0.5,
            raise_on_status=False,
        )
        adapter = _TimeoutAdapter(cfg["timeout"], max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        try:
            client = citric.Client(cfg["url"], cfg["login"], cfg["password"], requests_session=session)
        except cx.RPCInterfaceNotEnabledError:
            raise LimeSurveyError(
                "l'interface RemoteControl de LimeSurvey est désactivée (réponse vide) : "
                "Configuration > Paramètres globaux > Interfaces > JSON-RPC"
            ) from None
        except cx.LimeSurveyStatusError as exc:
            raise LimeSurveyError(f"connexion refusée par LimeSurvey : {exc}") from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            self.log.warning("LimeSurvey at %s: %s", cfg["url"], exc)
            raise LimeSurveyError(f"erreur du serveur LimeSurvey (HTTP {status})") from None
        except requests.RequestException as exc:
            self.log.warning("LimeSurvey at %s: %s", cfg["url"], exc)
            raise _unreachable(exc) from None
        try:
            yield client
        finally:
            try:
                client.close()  # release_session_key
            except (requests.RequestException, cx.LimeSurveyError) as exc:
                self.log.warning("Could not release the LimeSurvey session key: %s", exc)

    @staticmethod
    def export_responses(client: Any, survey_id: int) -> bytes | None:
        """The complete responses of a survey as exported JSON bytes, or None when it has none yet.

        :raises LimeSurveyError: with LimeSurvey's reason (no permission, not activated, ...).
        """
        from citric import exceptions as cx

        try:
            exported: bytes | None = client.export_responses(
                survey_id,
                file_format="json",
                completion_status="complete",
                heading_type="code",
                response_type="long",
            )
            return exported
        except cx.LimeSurveyStatusError as exc:
            if "could not get max id" in str(exc):
                return None  # an active survey without any response yet
            if "Invalid session key" in str(exc):
                raise SessionExpiredError(str(exc)) from None
            raise LimeSurveyError(str(exc)) from None
        except cx.LimeSurveyApiError as exc:
            raise LimeSurveyError(f"erreur RemoteControl : {exc}") from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise LimeSurveyError(f"erreur du serveur LimeSurvey (HTTP {status})") from None
        except requests.RequestException as exc:
            logging.getLogger(__name__).warning("LimeSurvey, survey %s: %s", survey_id, exc)
            raise _unreachable(exc) from None
        except ValueError as exc:  # base64 the library could not decode
            raise ExportUnreadableError(f"base64 illisible : {exc}") from None


def _unreachable(exc: requests.RequestException) -> LimeSurveyUnreachableError:
    """A short French sentence for the admin; the technical detail goes to the log."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    # Retries wrap the cause in MaxRetryError; a refused connection is a timeout's subclass there.
    reason = exc.args[0].reason if exc.args and isinstance(exc.args[0], MaxRetryError) else None
    timed_out = isinstance(reason, Urllib3Timeout) and not isinstance(reason, NewConnectionError)
    if isinstance(exc, requests.Timeout) or timed_out:
        return LimeSurveyUnreachableError("LimeSurvey ne répond pas (délai dépassé)")
    return LimeSurveyUnreachableError("LimeSurvey injoignable (connexion impossible)")
