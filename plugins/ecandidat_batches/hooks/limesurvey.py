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
default 60), ``"retries"`` (retries after the first attempt, default 3; a read timeout is not retried:
the export may still be running) and the TLS and proxy extras of
:mod:`~ecandidat_batches.hooks.http_session` (``verify``, ``cert``, ``proxies``, ``trust_env``). Both
export layouts (LimeSurvey 4+, and 2.x/3.x: eCandidat's ``limesurvey.v3``) are recognised by themselves.
LimeSurvey's own messages (English) are said in French, LimeSurvey's text kept in parentheses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from airflow.sdk import BaseHook

from ecandidat_batches.hooks.http_session import (
    RETRY_STATUSES,
    RetryPolicy,
    ServiceSession,
    attempts_phrase,
    service_session,
    service_url,
    transport_failure,
)

DEFAULT_PATH = "index.php/admin/remotecontrol"
#: Every RemoteControl call is a POST; one that timed out may still be running (an export): not repeated.
RETRY = RetryPolicy(methods=frozenset({"POST"}), read_timeouts=False)

#: LimeSurvey's statuses (RemoteControl 2, HTTP 200 ``{"status": ...}``), said in French.
STATUSES = {
    "No permission": "pas de droit sur ce formulaire pour le compte de la connexion, ou formulaire inconnu",
    "No Data, survey table does not exist.": "formulaire non activé : aucune table de réponses",
    "No Data, could not get max id.": "aucune réponse au formulaire",
    "Invalid session key": "session LimeSurvey expirée ou fermée",
    "Invalid user name or password": "identifiant ou mot de passe refusé",
    "Language code not found for this survey.": "langue inconnue pour ce formulaire",
    "Invalid surveyid": "numéro de formulaire inconnu de LimeSurvey",
    "Invalid setting": "paramètre inconnu ou réservé au super-administrateur",
}


def in_french(status: str) -> str:
    """LimeSurvey's English status said in French, its own text kept in parentheses."""
    text = status.strip()
    if text.startswith("You have exceeded the number of maximum login attempts"):
        french = "trop de connexions refusées : LimeSurvey bloque ce compte 10 minutes"
    else:
        french = (
            STATUSES.get(text)
            or STATUSES.get(text.split(" (error code")[0])
            or "LimeSurvey refuse la demande"
        )
    return f"{french} ({text})"


class LimeSurveyError(RuntimeError):
    """A LimeSurvey call failed; the message says what LimeSurvey answered."""


class SessionExpiredError(LimeSurveyError):
    """The session key expired (``iSessionExpirationTime``, 2 h by default) or was revoked."""


class LimeSurveyUnreachableError(LimeSurveyError):
    """LimeSurvey does not answer (connection refused, timeout): the next calls would not either."""


class ExportUnreadableError(LimeSurveyError):
    """LimeSurvey answered with an export that cannot be decoded (bad data, not a failed call)."""


class LimeSurveyHook(BaseHook):
    """Open RemoteControl sessions and export survey responses."""

    conn_name_attr = "limesurvey_conn_id"
    default_conn_name = "limesurvey_default"
    conn_type = "http"
    hook_name = "LimeSurvey RemoteControl 2"

    def __init__(self, limesurvey_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.limesurvey_conn_id = limesurvey_conn_id
        self.policy: RetryPolicy | None = None  # the session's, once a client is open

    def settings(self) -> dict[str, Any]:
        """URL, credentials and options from the connection; a missing one is a clear error."""
        conn = self.get_connection(self.limesurvey_conn_id)
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
        session = service_session(
            conn, self.limesurvey_conn_id, timeout=60, policy=RETRY, error=LimeSurveyError
        )
        return {
            "url": host,
            "login": conn.login,
            "password": conn.password,
            "timeout": session.transport.timeout,
            "retries": session.transport.retries,
            "session": session,
        }

    @contextmanager
    def client(self) -> Iterator[Any]:
        """A citric client with one session key, released when the block ends (even on error)."""
        import citric
        from citric import exceptions as cx

        cfg = self.settings()
        session: ServiceSession = cfg["session"]
        self.policy = session.policy
        try:
            client = citric.Client(cfg["url"], cfg["login"], cfg["password"], requests_session=session)
        except cx.RPCInterfaceNotEnabledError:
            raise LimeSurveyError(
                "l'interface RemoteControl de LimeSurvey est désactivée (réponse vide) : "
                "Configuration > Paramètres globaux > Interfaces > JSON-RPC"
            ) from None
        except cx.LimeSurveyStatusError as exc:
            raise LimeSurveyError(f"connexion refusée par LimeSurvey : {in_french(str(exc))}") from None
        except cx.InvalidJSONResponseError:
            raise LimeSurveyError(_not_json(self.limesurvey_conn_id)) from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            self.log.warning("LimeSurvey at %s: %s", cfg["url"], exc)
            raise LimeSurveyError(_server_error(status, session.policy)) from None
        except requests.RequestException as exc:
            self.log.warning("LimeSurvey at %s: %s", cfg["url"], exc)
            raise _unreachable(exc, self.limesurvey_conn_id) from None
        try:
            yield client
        finally:
            try:
                client.close()  # release_session_key
            except (requests.RequestException, cx.LimeSurveyError) as exc:
                self.log.warning("Could not release the LimeSurvey session key: %s", exc)

    def export_responses(self, client: Any, survey_id: int) -> bytes | None:
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
                raise SessionExpiredError(in_french(str(exc))) from None
            raise LimeSurveyError(in_french(str(exc))) from None
        except cx.InvalidJSONResponseError:
            raise LimeSurveyError(_not_json(self.limesurvey_conn_id)) from None
        except cx.LimeSurveyApiError as exc:
            raise LimeSurveyError(f"erreur RemoteControl : {exc}") from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise LimeSurveyError(_server_error(status, self.policy)) from None
        except requests.RequestException as exc:
            logging.getLogger(__name__).warning("LimeSurvey, survey %s: %s", survey_id, exc)
            raise _unreachable(exc, self.limesurvey_conn_id) from None
        except ValueError as exc:  # base64 the library could not decode
            raise ExportUnreadableError(f"base64 illisible : {exc}") from None


def _not_json(conn_id: str) -> str:
    return (
        "LimeSurvey a répondu autre chose que du JSON (une page de portail, de proxy ou d'erreur ?) : "
        f"vérifiez l'URL RemoteControl de la connexion {conn_id}"
    )


def _server_error(status: int | str, policy: RetryPolicy | None) -> str:
    """``erreur du serveur LimeSurvey (HTTP 503 après 4 essais)``: the attempts when it was retried."""
    retried = policy is not None and policy.retries and status in RETRY_STATUSES
    after = f" après {attempts_phrase(policy.attempts)}" if retried and policy is not None else ""
    return f"erreur du serveur LimeSurvey (HTTP {status}{after})"


def _unreachable(exc: requests.RequestException, conn_id: str) -> LimeSurveyUnreachableError:
    """A short French sentence for the admin (what to set, for TLS and proxies); the detail is logged."""
    return LimeSurveyUnreachableError(transport_failure(exc, "LimeSurvey", conn_id))
