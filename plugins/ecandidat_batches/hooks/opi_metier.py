"""Apogée's OpiMetier web service (AMUE, SOAP), through the zeep client library.

Why zeep: it is the maintained SOAP client of Python; it builds the document/literal request from a
WSDL, and turns a SOAP fault into :class:`zeep.exceptions.Fault`. AMUE's WSDL ships inside its Java
client jar, so this package carries one written from the documented contract
(``wsdl/OpiMetier.wsdl``); an institution that has AMUE's own gives its path or URL in the extra
``"wsdl"``. This hook adds what a batch needs around zeep: the endpoint from an Airflow connection,
a timeout on every call, retries on transport errors only (a SOAP fault is Apogée's answer: never
retried), a connection pool as large as the calls the batch runs at once, and one client shared by
the threads (zeep's service proxies keep no per-call state).

Connection ``opi_metier_default`` (type http): ``host`` is eCandidat's ``opiMetier.urlService``
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

WSDL = Path(__file__).resolve().parent / "wsdl" / "OpiMetier.wsdl"
NAMESPACE = "gouv.education.apogee.commun.servicesmetiers.OpiMetier"
BINDING = f"{{{NAMESPACE}}}OpiMetierSoapBinding"
DEFAULT_PATH = "services/OpiMetier"


class OpiMetierError(RuntimeError):
    """A call to OpiMetier failed; the message says how."""


class OpiFaultError(OpiMetierError):
    """Apogée answered with a SOAP fault (``WebBaseException``): its refusal, not retried."""


class OpiUnreachableError(OpiMetierError):
    """OpiMetier did not answer (refused, timed out, dropped, 5xx without a fault) after the retries."""


class OpiMetierHook(BaseHook):
    """Send a candidate's OPI to Apogée (``mettreajourDonneesOpi_v10``).

    :param pool_size: HTTP connections kept open: the calls the batch runs at once.
    """

    conn_name_attr = "opi_metier_conn_id"
    default_conn_name = "opi_metier_default"
    conn_type = "http"
    hook_name = "Apogée OpiMetier (SOAP)"

    def __init__(self, opi_metier_conn_id: str = default_conn_name, *, pool_size: int = 10) -> None:
        super().__init__()
        self.opi_metier_conn_id = opi_metier_conn_id
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

        conn = self.get_connection(self.opi_metier_conn_id)
        extra = conn.extra_dejson
        self.endpoint = service_url(conn, DEFAULT_PATH)
        if not self.endpoint:
            raise OpiMetierError(
                f"connexion {self.opi_metier_conn_id} : l'adresse du service OpiMetier (host) est vide"
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
        client = zeep.Client(str(extra.get("wsdl") or WSDL), transport=transport)  # type: ignore[no-untyped-call]
        return client.create_service(BINDING, self.endpoint)  # type: ignore[no-untyped-call]

    def mettre_a_jour_donnees_opi(self, donnees: dict[str, Any]) -> None:
        """Call ``mettreajourDonneesOpi_v10(_donneesOpi=donnees)``; Apogée answers nothing on success.

        :raises OpiFaultError: Apogée's fault, with its message (``lastErrorMsg``, else the faultstring).
        :raises OpiUnreachableError: no answer after the retries.
        """
        import zeep.exceptions

        service = self.get_conn()
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retries),
            wait=tenacity.wait_exponential(multiplier=0.5, max=10),
            retry=tenacity.retry_if_exception_type(_TransportFailureError),
            reraise=True,
        )

        def attempt() -> None:
            try:
                service.mettreajourDonneesOpi_v10(_donneesOpi=donnees)
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
                f"OpiMetier ({self.endpoint}) sans réponse après {self.retries} essai(s) : {exc}"
            ) from exc


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
