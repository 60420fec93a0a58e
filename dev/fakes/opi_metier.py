"""Apogée's OpiMetier web service for the tests and the bench, written from its documented contract
(external-interfaces.md §3.2) and what Apogée does with a call.

* ``POST /services/OpiMetier``, SOAP 1.1, document/literal, ``mettreajourDonneesOpi_v10`` with its
  unqualified ``_donneesOpi``: the OPI individual is upserted in ``IND_OPI`` on its
  ``codOpiIntEpo``; a student already known by ``codEtuOpi`` or INE + key keeps their row and its
  code (Apogée "kept another code"); the individual's ``VOEUX_INS`` are replaced by the items that
  carry a step (one empty item: no wish left). The answer is an empty response element.
* A request that is not such a call, or lacks ``codOpiIntEpo``: a SOAP fault (HTTP 500) whose detail is
  Apogée's ``WebBaseException`` (``domaine``, ``element``, ``messages``, ``nature``, ``type``,
  ``lastErrorMsg``), as every refusal.
* Injected trouble, by OPI code: ``faults`` (a fault with that message), ``lost`` (answered, nothing
  written: IND_OPI missing), ``no_wishes`` (IND_OPI written, its wishes not), ``twins`` (a second
  IND_OPI with the same code: ambiguous); for the next requests: ``drop_next`` (the connection closed
  without an answer), ``status_next`` (an HTTP error without a SOAP body); ``latency`` seconds per call.

``POST /services/PjOpiMetier``, ``recupererPiecesJustificativesOPIWS`` (``_codOpi``, ``_nomPatCandidat``,
``_prenomCandidat``, ``_codApoPj``, ``_nomFichier``, ``_fichier`` in base64): the document is stored
as Apogée does, ``<pj_folder>/<COD_IND_OPI>_OPI/PJ_<codApoPj>_<COD_IND_OPI>.<extension>``, with its
``OPI_PJ`` row; an OPI code Apogée does not know is a fault. Injected: ``pj_faults`` and
``pj_unstored`` (answered, nothing stored), by ``(codOpi, codApoPj)``.

Each request's body is kept (``bodies``) for the golden-request tests. The Apogée tables live in a
PostgreSQL database (``dev/sql/apogee/opi.sql``) reached through ``connect``.
"""

from __future__ import annotations

import base64
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from dev.fakes.server import LocalServer

PATH = "/services/OpiMetier"
PJ_PATH = "/services/PjOpiMetier"
NS = "gouv.education.apogee.commun.servicesmetiers.OpiMetier"
PJ_NS = "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
_INSERT_VOEU = (
    "INSERT INTO VOEUX_INS (COD_IND_OPI, COD_CGE, COD_ETP, COD_VRS_VET, COD_DIP, COD_VRS_VDI, COD_DEC_VEU,"
    " COD_DEM_DOS) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


class OpiRefusedError(Exception):
    """Apogée's refusal: becomes a SOAP fault."""

    def __init__(self, message: str, element: str = "") -> None:
        super().__init__(message)
        self.element = element


def _text(node: Any, path: str) -> str | None:
    found = node.find(path)
    return None if found is None or found.text is None else str(found.text)


class FakeOpiMetier(LocalServer):
    def __init__(
        self,
        connect: Callable[[], Any],
        *,
        latency: float = 0.0,
        pj_folder: Path | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.connect = connect
        self.latency = latency
        self.pj_folder = pj_folder
        self.pj_faults: dict[tuple[str, str], str] = {}
        self.pj_unstored: set[tuple[str, str]] = set()
        self.documents: list[tuple[str, str, str, str, str, bytes]] = []
        self.faults: dict[str, str] = {}
        self.lost: set[str] = set()
        self.no_wishes: set[str] = set()
        self.twins: set[str] = set()
        self.drop_next = 0
        self.status_next: list[int] = []
        self.bodies: list[bytes] = []
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()  # the trouble counters and Apogée's sequence
        self._pool: list[Any] = []
        super().__init__(tls)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{PATH}"

    @property
    def pj_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{PJ_PATH}"

    def connection(self, *, pj: bool = False, **extra: Any) -> dict[str, Any]:
        """The Airflow connection (JSON form) of OpiMetier, or of PjOpiMetier."""
        return {
            "conn_type": "http",
            "host": self.pj_url if pj else self.url,
            "extra": {"timeout": 10, **extra},
        }

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        for conn in self._pool:
            conn.close()

    # -- Apogée's side ---------------------------------------------------------------------------

    def _db(self) -> Any:
        with self.lock:
            return self._pool.pop() if self._pool else self.connect()

    def _release(self, conn: Any) -> None:
        with self.lock:
            self._pool.append(conn)

    def apply(self, donnees: Any) -> None:
        """What Apogée does with ``_donneesOpi``."""
        individu = donnees.find("individu")
        code = None if individu is None else _text(individu, "codOpiIntEpo")
        if not code:
            raise OpiRefusedError("technical.parameter.noncoherentinput.codOpiIntEpo", "codOpiIntEpo")
        self.calls[code] += 1
        if code in self.faults:
            raise OpiRefusedError(self.faults[code])
        if code in self.lost:
            return
        nne = _text(individu, "etatCivil/codNneIndOpi") or ""
        cod_etu = _text(individu, "codEtuOpi")
        values = {
            "code": code,
            "etu": int(cod_etu) if cod_etu else None,
            "nne": nne[:10] if len(nne) == 11 else None,
            "cle": nne[10:] if len(nne) == 11 else None,
            "nom": _text(individu, "etatCivil/libNomPatIndOpi"),
            "usu": _text(individu, "etatCivil/libNomUsuIndOpi"),
            "pr1": _text(individu, "etatCivil/libPr1IndOpi"),
            "pr2": _text(individu, "etatCivil/libPr2IndOpi"),
            "sexe": _text(individu, "etatCivil/codSexEtuOpi"),
            "mail": _text(individu, "donneesPersonnelles/adrMailOpi"),
        }
        born = _text(individu, "donneesNaissance/dateNaiIndOpi") or ""
        values["nai"] = f"{born[4:]}-{born[2:4]}-{born[:2]}" if len(born) == 8 else None
        wishes = [
            (item.findtext("codCge"), item.findtext("codEtp"), int(item.findtext("codVrsVet") or 0),
             item.findtext("codDip"), int(item.findtext("codVrsVdi") or 0) or None,
             item.findtext("codDecVeu"), item.findtext("codDemDos"))
            for item in donnees.findall("voeux/item") if item.findtext("codEtp")
        ]  # fmt: skip
        conn = self._db()
        try:
            with conn.cursor() as cur:
                cod_ind = self._upsert(cur, values)
                if code in self.twins:
                    cur.execute("SELECT coalesce(max(COD_IND_OPI), 0) + 1 FROM IND_OPI")
                    cur.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO) VALUES (%s, %s)",
                                (cur.fetchone()[0], code))  # fmt: skip
                if code not in self.no_wishes:
                    cur.execute("DELETE FROM VOEUX_INS WHERE COD_IND_OPI = %s", (cod_ind,))
                    for w in wishes:
                        cur.execute(_INSERT_VOEU, (cod_ind, *w))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            self._release(conn)

    def store_document(self, call: Any) -> None:
        """What Apogée does with ``recupererPiecesJustificativesOPIWS``."""
        fields = {name: call.findtext(f"_{name}") for name in
                  ("codOpi", "nomPatCandidat", "prenomCandidat", "codApoPj", "nomFichier")}  # fmt: skip
        data = base64.b64decode(call.findtext("_fichier") or "")
        missing = [name for name, value in fields.items() if not value]
        if missing:
            raise OpiRefusedError("technical.parameter.noncoherentinput", missing[0])
        key = (str(fields["codOpi"]), str(fields["codApoPj"]))
        with self.lock:
            self.documents.append((*key, str(fields["nomPatCandidat"]), str(fields["prenomCandidat"]),
                                   str(fields["nomFichier"]), data))  # fmt: skip
        if key in self.pj_faults:
            raise OpiRefusedError(self.pj_faults[key])
        conn = self._db()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT COD_IND_OPI FROM IND_OPI WHERE COD_OPI_INT_EPO = %s", (key[0],))
                row = cur.fetchone()
                if row is None:
                    raise OpiRefusedError("technical.data.nullretrieve.indOpi", "codOpi")
                if key in self.pj_unstored:
                    return
                cod_ind = int(row[0])
                name = f"PJ_{key[1]}_{cod_ind}.{str(fields['nomFichier']).rsplit('.', 1)[-1]}"
                if self.pj_folder is not None:
                    folder = self.pj_folder / f"{cod_ind}_OPI"
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / name).write_bytes(data)
                cur.execute("DELETE FROM OPI_PJ WHERE COD_IND_OPI = %s AND COD_TPJ = %s", (cod_ind, key[1]))
                cur.execute("INSERT INTO OPI_PJ (COD_IND_OPI, COD_TPJ, NOM_FIC) VALUES (%s, %s, %s)",
                            (cod_ind, key[1], name))  # fmt: skip
            conn.commit()
        finally:
            conn.rollback()
            self._release(conn)

    def _upsert(self, cur: Any, v: dict[str, Any]) -> int:
        cur.execute("LOCK TABLE IND_OPI IN EXCLUSIVE MODE")  # Apogée's sequence, one writer at a time
        cur.execute(
            "SELECT COD_IND_OPI FROM IND_OPI WHERE COD_OPI_INT_EPO = %(code)s OR COD_ETU_OPI = %(etu)s"
            " OR (COD_NNE_IND_OPI = %(nne)s AND COD_CLE_NNE_IND_OPI = %(cle)s)"
            " ORDER BY (COD_OPI_INT_EPO = %(code)s) DESC, COD_IND_OPI LIMIT 1", v)  # fmt: skip
        row = cur.fetchone()
        if row is None:
            cur.execute("SELECT coalesce(max(COD_IND_OPI), 0) + 1 FROM IND_OPI")
            row = cur.fetchone()
            cur.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO) VALUES (%(ind)s, %(code)s)",
                        {**v, "ind": int(row[0])})  # fmt: skip
        cur.execute(
            "UPDATE IND_OPI SET COD_ETU_OPI = %(etu)s, COD_NNE_IND_OPI = %(nne)s,"
            " COD_CLE_NNE_IND_OPI = %(cle)s,"
            " LIB_NOM_PAT_IND_OPI = %(nom)s, LIB_NOM_USU_IND_OPI = %(usu)s, LIB_PR1_IND_OPI = %(pr1)s,"
            " LIB_PR2_IND_OPI = %(pr2)s, DATE_NAI_IND_OPI = %(nai)s, COD_SEX_ETU_OPI = %(sexe)s,"
            " ADR_MAIL_OPI = %(mail)s WHERE COD_IND_OPI = %(ind)s", {**v, "ind": int(row[0])})  # fmt: skip
        return int(row[0])

    # -- HTTP ------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # the answer in one segment, as a real server sends it

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with fake.lock:
                    fake.bodies.append(body)
                    drop = fake.drop_next > 0
                    fake.drop_next -= 1 if drop else 0
                    status = fake.status_next.pop(0) if fake.status_next and not drop else None
                if fake.latency:
                    time.sleep(fake.latency)
                if drop:  # the connection closed, no answer
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if status is not None:
                    self._send(status, b"<html><body>Service Unavailable</body></html>", "text/html")
                    return
                if self.path not in (PATH, PJ_PATH):
                    self._send(404, b"Not Found", "text/plain")
                    return
                pj = self.path == PJ_PATH
                ns, operation = (PJ_NS, "recupererPiecesJustificativesOPIWS") if pj else (
                    NS, "mettreajourDonneesOpi_v10")  # fmt: skip
                try:
                    envelope = etree.fromstring(body)
                    call = envelope.find(f"{{{SOAP}}}Body/{{{ns}}}{operation}")
                    if call is None:
                        raise OpiRefusedError("technical.parameter.noncoherentinput", operation)
                    if pj:
                        fake.store_document(call)
                    else:
                        donnees = call.find("_donneesOpi")
                        if donnees is None:
                            raise OpiRefusedError("technical.parameter.noncoherentinput", "_donneesOpi")
                        fake.apply(donnees)
                except OpiRefusedError as exc:
                    self._send(500, _fault(str(exc), exc.element), "text/xml; charset=utf-8")
                    return
                except etree.XMLSyntaxError as exc:
                    self._send(500, _fault(f"XML illisible : {exc}", ""), "text/xml; charset=utf-8")
                    return
                answer = (f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body>'
                          f'<ns1:{operation}Response xmlns:ns1="{ns}"/>'
                          "</soapenv:Body></soapenv:Envelope>")  # fmt: skip
                self._send(200, answer.encode(), "text/xml; charset=utf-8")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def _fault(message: str, element: str) -> bytes:
    """A SOAP 1.1 fault carrying Apogée's WebBaseException."""
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body><soapenv:Fault>'
        f"<faultcode>soapenv:Server</faultcode><faultstring>{escape(message)}</faultstring>"
        f'<detail><ns1:fault xmlns:ns1="{NS}"><domaine>OPI</domaine><element>{escape(element)}</element>'
        f"<messages/><nature>technical</nature><type>parameter</type>"
        f"<lastErrorMsg>{escape(message)}</lastErrorMsg></ns1:fault></detail>"
        "</soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    ).encode()
