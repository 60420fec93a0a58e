"""Apogée's OPI web services (AMUE, SOAP): OpiMetier and PjOpiMetier, through the zeep client library.

Why zeep: it is the maintained SOAP client of Python; it builds the document/literal request from a
WSDL, and turns a SOAP fault into :class:`zeep.exceptions.Fault`. AMUE's WSDL ships inside its Java
client jar, so this package carries one written from the documented contract
(``wsdl/OpiMetier.wsdl``, ``wsdl/PjOpiMetier.wsdl``); an institution that has AMUE's own gives its
path or URL in the extra ``"wsdl"``. This hook adds what a batch needs around zeep: the endpoint from
an Airflow connection, the session of :mod:`~ecandidat_batches.hooks.http_session` (the university's
CA, client certificate and proxy; a timeout on every call; retries on transport errors and 5xx only:
a SOAP fault is Apogée's answer, never retried), a connection pool as large as the calls the batch
runs at once, and one client shared by the threads (zeep's service proxies keep no per-call state).

Connections ``opi_metier_default`` and ``pj_opi_metier_default`` (type http): ``host`` is eCandidat's
``opiMetier.urlService`` / ``pjOpiMetier.urlService``
(``https://apogee-ws.example.org/services/OpiMetier``), or a host name with ``schema`` and the extra
``path``; ``login``/``password`` when the service is behind HTTP basic authentication; extras
``"timeout"`` (seconds, default 60), ``"retries"`` (retries after the first attempt, default 3),
``"wsdl"``, and the TLS and proxy extras (``verify``, ``cert``, ``proxies``, ``trust_env``).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import requests
from airflow.sdk import BaseHook

from ecandidat_batches.hooks.http_session import (
    RETRY_STATUSES,
    RetryPolicy,
    attempts_phrase,
    service_session,
    service_url,
    setting_failure,
    transport_failure,
)

log = logging.getLogger(__name__)

WSDL_DIR = Path(__file__).resolve().parent / "wsdl"


class OpiMetierError(RuntimeError):
    """A call to OpiMetier failed; the message says how."""


class OpiFaultError(OpiMetierError):
    """Apogée answered with a SOAP fault (``WebBaseException``): its refusal, not retried."""


class OpiUnreachableError(OpiMetierError):
    """OpiMetier did not answer (refused, timed out, dropped, 5xx without a fault) after the retries, or
    cannot be reached at all (certificate refused, proxy): the next calls would not get through either."""


class AmueSoapHook(BaseHook):
    """One of AMUE's SOAP services: its WSDL, binding and endpoint; calls with timeout and retries.

    :param pool_size: HTTP connections kept open: the calls the batch runs at once.
    """

    conn_type = "http"
    #: The service's name: its WSDL file, its binding's namespace and its default path.
    service = ""

    def __init__(self, conn_id: str, *, pool_size: int = 10) -> None:
        super().__init__()
        self.conn_id = conn_id
        self.pool_size = pool_size
        self._service: Any = None
        self._lock = threading.Lock()
        self.policy = RetryPolicy()
        self.endpoint = ""

    def get_conn(self) -> Any:
        """The zeep service proxy bound to the connection's endpoint (built once, shared by threads)."""
        with self._lock:
            if self._service is None:
                self._service = self._build()
        return self._service

    def _build(self) -> Any:
        import zeep

        conn = self.get_connection(self.conn_id)
        extra = conn.extra_dejson
        self.endpoint = service_url(conn, f"services/{self.service}")
        if not self.endpoint:
            raise OpiMetierError(
                f"connexion {self.conn_id} : l'adresse du service {self.service} (host) est vide"
            )
        session = service_session(
            conn, self.conn_id, timeout=60, error=OpiMetierError, pool_size=self.pool_size
        )
        self.policy = session.policy
        if conn.login:
            session.auth = (conn.login, conn.password or "")
        timeout = session.transport.timeout
        transport = zeep.Transport(session=session, timeout=timeout, operation_timeout=timeout)  # type: ignore[no-untyped-call]
        wsdl = str(extra.get("wsdl") or WSDL_DIR / f"{self.service}.wsdl")
        try:
            client = zeep.Client(wsdl, transport=transport)  # type: ignore[no-untyped-call]
        except requests.RequestException as exc:  # a WSDL given by URL
            raise OpiUnreachableError(
                f"WSDL {wsdl} : {transport_failure(exc, self.service, self.conn_id)}"
            ) from exc
        binding = f"{{gouv.education.apogee.commun.servicesmetiers.{self.service}}}{self.service}SoapBinding"
        return client.create_service(binding, self.endpoint)  # type: ignore[no-untyped-call]

    def call(self, operation: str, **arguments: Any) -> None:
        """Call ``operation``; the services answer nothing on success.

        :raises OpiFaultError: Apogée's fault, with its message (``lastErrorMsg``, else the faultstring).
        :raises OpiUnreachableError: no answer after the retries.
        """
        import zeep.exceptions

        method = getattr(self.get_conn(), operation)
        try:
            method(**arguments)  # the session retries transport errors and 5xx without a fault
        except zeep.exceptions.Fault as fault:
            if fault.code is None:  # an error page that parses as XML, not a SOAP fault
                raise self._unanswered("réponse sans SOAP fault (page d'erreur HTTP)") from fault
            raise OpiFaultError(_fault_message(fault)) from fault
        except requests.RequestException as exc:
            named = setting_failure(exc, self.service, self.conn_id)  # TLS, client certificate, proxy
            if named is not None:
                raise OpiUnreachableError(named) from exc
            raise self._unanswered(f"{type(exc).__name__}: {exc}") from exc
        except zeep.exceptions.TransportError as exc:
            if exc.status_code in RETRY_STATUSES:
                raise self._unanswered(f"HTTP {exc.status_code}") from exc
            raise OpiUnreachableError(
                f"{self.service} ({self.endpoint}) : HTTP {exc.status_code}, vérifiez l'adresse du service "
                f"(host de la connexion {self.conn_id})"
            ) from exc

    def _unanswered(self, why: str) -> OpiUnreachableError:
        after = attempts_phrase(self.policy.attempts)
        return OpiUnreachableError(f"{self.service} ({self.endpoint}) sans réponse après {after} : {why}")


class OpiMetierHook(AmueSoapHook):
    """Send a candidate's OPI to Apogée (``mettreajourDonneesOpi_v10``)."""

    conn_name_attr = "opi_metier_conn_id"
    default_conn_name = "opi_metier_default"
    hook_name = "Apogée OpiMetier (SOAP)"
    service = "OpiMetier"

    def __init__(self, opi_metier_conn_id: str = default_conn_name, *, pool_size: int = 10) -> None:
        super().__init__(opi_metier_conn_id, pool_size=pool_size)

    def mettre_a_jour_donnees_opi(self, donnees: dict[str, Any]) -> None:
        """``mettreajourDonneesOpi_v10(_donneesOpi=donnees)``."""
        self.call("mettreajourDonneesOpi_v10", _donneesOpi=donnees)


class PjOpiMetierHook(AmueSoapHook):
    """Send an OPI's document to Apogée (``recupererPiecesJustificativesOPIWS``)."""

    conn_name_attr = "pj_opi_metier_conn_id"
    default_conn_name = "pj_opi_metier_default"
    hook_name = "Apogée PjOpiMetier (SOAP)"
    service = "PjOpiMetier"

    def __init__(self, pj_opi_metier_conn_id: str = default_conn_name, *, pool_size: int = 10) -> None:
        super().__init__(pj_opi_metier_conn_id, pool_size=pool_size)

    def recuperer_pieces_justificatives(
        self, cod_opi: str, nom: str, prenom: str, cod_apo_pj: str, nom_fichier: str, fichier: bytes
    ) -> None:
        """eCandidat's ``recupererPiecesJustificativesOPIWS(codOpi, nomPat, prenom, codApoPj, nomFichier,
        bytes)``."""
        self.call(
            "recupererPiecesJustificativesOPIWS",
            _codOpi=cod_opi,
            _nomPatCandidat=nom,
            _prenomCandidat=prenom,
            _codApoPj=cod_apo_pj,
            _nomFichier=nom_fichier,
            _fichier=fichier,
        )


def _fault_message(fault: Any) -> str:
    """Apogée's ``WebBaseException.lastErrorMsg`` when the fault carries one, else its faultstring."""
    detail: Any = getattr(fault, "detail", None)
    if detail is not None and hasattr(detail, "iter"):  # an element (zeep gives bytes for non-XML)
        for element in detail.iter():
            if str(element.tag).rsplit("}", 1)[-1] == "lastErrorMsg" and (element.text or "").strip():
                return str(element.text).strip()
    return str(fault.message or "SOAP fault")
