"""A Pégase server for the tests, written from what eCandidat reads of it (external-interfaces.md §2.3).

* ``POST /cas/v1/tickets/`` with the form ``username``, ``password``, ``token=true``: 201 and the raw
  JWT as the body (``exp`` in its payload, ``lifetime`` seconds ahead); a wrong password: 401;
* ``GET /api/v1/ref/nomenclatures/{Type}/numPage/{n}/nbOccurences/{size}``:
  ``{"nomenclatures": [...], "nbTotalOccurences", "nbTotalPages", "nbOccurences", "numPage"}``;
* ``GET /api/v1/odf/etablissement/{etab}/espaces?type=PERIODE&page=n&taille=size``:
  ``{"items": [...], "totalPages", "totalElements", "page", "taille"}``;
* a missing, unknown, revoked or expired Bearer token: 401; an unknown type or establishment: 404
  with Pégase's ``{"erreurMsg", "erreurType", "erreurDescription"}`` body;
* injected trouble: ``fail_next`` answers, in order, to the next requests whose path contains
  ``fail_when`` (a status, or ``"garbage"``: a 200 whose body is not JSON), ``delay`` seconds per request.
"""

from __future__ import annotations

import base64
import json
import secrets
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dev.fakes.server import LocalServer

AUTH = "/cas/v1/tickets/"
REF = "/api/v1/ref/"
ODF = "/api/v1/odf/"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class FakePegase(LocalServer):
    def __init__(
        self,
        *,
        user: str = "ecandidat",
        password: str = "secret",
        lifetime: float = 3600,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.user, self.password, self.lifetime = user, password, lifetime
        self.nomenclatures: dict[str, list[dict[str, Any]]] = {}
        self.periodes: dict[str, list[dict[str, Any]]] = {}
        self.tokens: dict[str, float] = {}  # token -> expiry
        self.fail_next: list[int | str] = []
        self.fail_when = ""
        self.delay = 0.0
        self.requests: list[str] = []
        self._lock = threading.Lock()
        super().__init__(tls)

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def extras(self, etablissement: str = "ETAB1") -> dict[str, str]:
        return {"auth_url": self.base + AUTH, "ref_url": self.base + REF, "odf_url": self.base + ODF,
                "etablissement": etablissement}  # fmt: skip

    def revoke(self) -> None:
        self.tokens.clear()

    def _issue(self) -> str:
        exp = time.time() + self.lifetime
        claims = _b64({"sub": self.user, "exp": int(exp)})
        token = f"{_b64({'alg': 'HS256'})}.{claims}.{secrets.token_urlsafe(16)}"
        self.tokens[token] = exp
        return token

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: Any, ctype: str = "application/json") -> None:
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, kind: str, message: str, description: str = "") -> None:
                self._reply(
                    status, {"erreurMsg": message, "erreurType": kind, "erreurDescription": description}
                )

            def _failing(self) -> bool:
                if fake.delay:
                    time.sleep(fake.delay)
                with fake._lock:
                    fake.requests.append(f"{self.command} {self.path}")
                    hit = fake.fail_next and fake.fail_when in self.path
                    status = fake.fail_next.pop(0) if hit else None
                if status == "garbage":
                    self._reply(200, "<html><body>Maintenance en cours</body></html>", "application/json")
                elif status is not None:
                    self._reply(int(status), "<html>Service Unavailable</html>", "text/html")
                return status is not None

            def do_POST(self) -> None:
                if self._failing():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != AUTH:
                    return self._reply(404, "Not Found", "text/plain")
                if (form.get("username"), form.get("password")) != (fake.user, fake.password):
                    return self._reply(401, "Unauthorized", "text/plain")
                with fake._lock:
                    token = fake._issue()
                if form.get("token") == "true":
                    return self._reply(201, token, "text/plain")
                self._reply(201, "<html>TGT-1</html>", "text/html")  # a CAS ticket, not a JWT

            def do_GET(self) -> None:
                if self._failing():
                    return
                header = self.headers.get("Authorization", "")
                token = header[7:] if header.startswith("Bearer ") else ""
                if fake.tokens.get(token, 0) < time.time():
                    return self._reply(401, {"error": "invalid_token"})
                parts = urlsplit(self.path)
                path = parts.path
                if path.startswith(REF + "nomenclatures/"):
                    try:
                        kind, _np, page, _nb, size = path[len(REF + "nomenclatures/") :].split("/")
                        page_n, size_n = int(page), int(size)
                    except ValueError:
                        return self._error(400, "BAD_REQUEST", "Requête invalide", path)
                    if kind not in fake.nomenclatures:
                        return self._error(404, "NOT_FOUND", "Nomenclature inconnue", kind)
                    items = fake.nomenclatures[kind]
                    chunk = items[page_n * size_n : (page_n + 1) * size_n]
                    pages = (len(items) + size_n - 1) // size_n
                    body = {"nomenclatures": chunk, "nbTotalOccurences": len(items), "nbTotalPages": pages,
                            "nbOccurences": len(chunk), "numPage": page_n}  # fmt: skip
                    return self._reply(200, body)
                if path.startswith(ODF + "etablissement/") and path.endswith("/espaces"):
                    etab = path[len(ODF + "etablissement/") : -len("/espaces")]
                    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                    if etab not in fake.periodes:
                        return self._error(404, "NOT_FOUND", "Établissement inconnu", etab)
                    items = [i for i in fake.periodes[etab] if query.get("type") in (None, "PERIODE")]
                    page_n, size_n = int(query.get("page", 0)), int(query.get("taille", 20))
                    chunk = items[page_n * size_n : (page_n + 1) * size_n]
                    body = {"items": chunk, "totalPages": (len(items) + size_n - 1) // size_n,
                            "totalElements": len(items), "page": page_n, "taille": size_n}  # fmt: skip
                    return self._reply(200, body)
                self._reply(404, "Not Found", "text/plain")

        return Handler
