"""Apogée's OPI web services (AMUE, SOAP): OpiMetier and PjOpiMetier, through the zeep client library.

Why zeep: it is the maintained SOAP client of Python; it builds the document/literal request from a
WSDL, and turns a SOAP fault into :class:`zeep.exceptions.Fault`. AMUE's WSDL ships inside its Java
client jar, so this package carries one written from the documented contract
(``wsdl/OpiMetier.wsdl``, ``wsdl/PjOpiMetier.wsdl``); an institution that has AMUE's own gives its
path or URL in the extra
``"wsdl"``. This hook adds what a batch needs around zeep: the endpoint from an Airflow connection,
a timeout on every call, retries on transport errors only (a SOAP fault is Apogée's answer: never
retried), a connection pool as large as the calls the batch runs at once, and one client shared by
the threads (zeep's service proxies keep no per-call state).

Connections ``opi_metier_default`` and ``pj_opi_metier_default`` (type http): ``host`` is eCandidat's
``opiMetier.urlService`` / ``pjOpiMetier.urlService``
(``https://apogee-ws.example.org/services/OpiMetier``), or a host name with ``schema`` and the extra
``path``; ``login``/``password`` when the service is behind HTTP basic authentication; extras
``"timeout"`` (seconds, default 60), ``"retries"`` (attempts on a transport error, default 3),
``"wsdl"``.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import requests
import tenacity
from airflow.sdk import BaseHook

from ecandidat_batches.hooks.connection_url import service_url

log = logging.getLogger(__name__)

WSDL_DIR = Path(__file__).resolve().parent / "wsdl"


class OpiMetierError(RuntimeError):
    """A call to OpiMetier failed; the message says how."""


class OpiFaultError(OpiMetierError):
    """Apogée answered with a SOAP fault (``WebBaseException``): its refusal, not retried."""


class OpiUnreachableError(OpiMetierError):
    """OpiMetier did not answer (refused, timed out, dropped, 5xx without a fault) after the retries."""


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
        self.retries = 3
        self.endpoint = ""

    def get_conn(self) -> Any:
        """The zeep service proxy bound to the connection's endpoint (built once, shared by threads)."""
        with self._lock:
            if self._service is None:
                self._service = self._build()
        return self._service

    def _build(self) -> Any:
        import zeep
        from requests.adapters import HTTPAdapter

        conn = self.get_connection(self.conn_id)
        extra = conn.extra_dejson
        self.endpoint = service_url(conn, f"services/{self.service}")
        if not self.endpoint:
            raise OpiMetierError(
                f"connexion {self.conn_id} : l'adresse du service {self.service} (host) est vide"
            )
        timeout = float(extra.get("timeout", 60))
        self.retries = max(1, int(extra.get("retries", 3)))
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.pool_size)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        if conn.login:
            session.auth = (conn.login, conn.password or "")
        transport = zeep.Transport(session=session, timeout=timeout, operation_timeout=timeout)  # type: ignore[no-untyped-call]
        client = zeep.Client(str(extra.get("wsdl") or WSDL_DIR / f"{self.service}.wsdl"), transport=transport)  # type: ignore[no-untyped-call]
        binding = f"{{gouv.education.apogee.commun.servicesmetiers.{self.service}}}{self.service}SoapBinding"
        return client.create_service(binding, self.endpoint)  # type: ignore[no-untyped-call]

    def call(self, operation: str, **arguments: Any) -> None:
        """Call ``operation``; the services answer nothing on success.

        :raises OpiFaultError: Apogée's fault, with its message (``lastErrorMsg``, else the faultstring).
        :raises OpiUnreachableError: no answer after the retries.
        """
        import zeep.exceptions

        method = getattr(self.get_conn(), operation)
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retries),
            wait=tenacity.wait_exponential(multiplier=0.5, max=10),
            retry=tenacity.retry_if_exception_type(_TransportFailureError),
            reraise=True,
        )

        def attempt() -> None:
            try:
                method(**arguments)
            except zeep.exceptions.Fault as fault:
                if fault.code is None:  # an error page that parses as XML, not a SOAP fault
                    raise _TransportFailureError("réponse sans SOAP fault (page d'erreur HTTP)") from fault
                raise OpiFaultError(_fault_message(fault)) from fault
            except (requests.ConnectionError, requests.Timeout) as exc:
                raise _TransportFailureError(f"{type(exc).__name__}: {exc}") from exc
            except zeep.exceptions.TransportError as exc:
                raise _TransportFailureError(f"HTTP {exc.status_code}") from exc

        try:
            retrying(attempt)
        except _TransportFailureError as exc:
            raise OpiUnreachableError(
                f"{self.service} ({self.endpoint}) sans réponse après {self.retries} essai(s) : {exc}"
            ) from exc


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


class _TransportFailureError(Exception):
    """One attempt got no answer; retried."""


def _fault_message(fault: Any) -> str:
    """Apogée's ``WebBaseException.lastErrorMsg`` when the fault carries one, else its faultstring."""
    detail: Any = getattr(fault, "detail", None)
    if detail is not None and hasattr(detail, "iter"):  # an element (zeep gives bytes for non-XML)
        for element in detail.iter():
            if str(element.tag).rsplit("}", 1)[-1] == "lastErrorMsg" and (element.text or "").strip():
                return str(element.text).strip()
    return str(fault.message or "SOAP fault")
