"""A LimeSurvey RemoteControl 2 server for tests and ``make run``, written from the documented protocol.

What it reproduces (docs: external-interfaces.md §1, including a real 6.14 server's answers in §1.5):

* ``POST`` JSON-RPC without a ``jsonrpc`` member; a Content-Type without ``application/json``, a GET,
  or an ``id`` of 0/null gives an empty 200 ``text/html`` body; ``rpc_enabled=False`` gives an empty
  body to everything (RPCInterface off);
* three error channels: business errors as HTTP 200 ``{"result": {"status": ...}, "error": null}``,
  a malformed JSON body as ``{"id": null, "result": null, "error": "unable to decode malformed json"}``,
  an unknown method or wrong parameters as HTTP 500 with an HTML page;
* params as a positional array or as an object with the exact PHP parameter names;
* sessions that expire, ``release_session_key`` answering "OK" even for an unknown key, the login
  lockout after three failures;
* ``export_responses`` returning base64 of the exported JSON (LimeSurvey 4+ or the 2.x/3.x layout),
  with the completion filter and the "No Data" statuses; configurable delays and transient 5xx.
"""

from __future__ import annotations

import base64
import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from dev.fakes.server import LocalServer

PHP_PARAMS = {
    "get_session_key": ["username", "password", "plugin"],
    "release_session_key": ["sSessionKey"],
    "export_responses": [
        "sSessionKey", "iSurveyID", "sDocumentType", "sLanguageCode", "sCompletionStatus", "sHeadingType",
        "sResponseType", "iFromResponseID", "iToResponseID", "aFields", "aAdditionalOptions",
    ],
    "get_site_settings": ["sSessionKey", "sSetttingName"],
}  # fmt: skip
LOCKOUT = (
    "You have exceeded the number of maximum login attempts. Please wait 10 minutes before trying again."
)
PATH = "/index.php/admin/remotecontrol"
REQUIRED = {"get_session_key": 2, "release_session_key": 1, "export_responses": 3, "get_site_settings": 2}


@dataclass
class Survey:
    active: bool = True
    responses: list[dict[str, Any]] = field(default_factory=list)
    permitted: bool = True
    raw_result: str | None = None  # to send an undecodable export


class FakeLimeSurvey(LocalServer):
    def __init__(
        self,
        *,
        user: str = "ecandidat",
        password: str = "secret",
        session_lifetime: float = 7200,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.user, self.password = user, password
        self.session_lifetime = session_lifetime
        self.surveys: dict[int, Survey] = {}
        self.v3_layout = False
        self.rpc_enabled = True
        self.sessions: dict[str, float] = {}
        self.released: list[str] = []
        self.failed_logins = 0
        self.fail_next: list[int] = []  # HTTP statuses to answer before serving normally
        self.delay = 0.0
        self.export_delay = 0.0  # each export takes this long (a slow or hung LimeSurvey)
        self.exports_in_flight = self.max_exports_in_flight = 0
        self._lock = threading.Lock()
        self.calls: list[str] = []
        super().__init__(tls)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{PATH}"

    # -- the RPC methods ----------------------------------------------------------------------------

    def get_session_key(self, username: str, password: str, plugin: str = "Authdb") -> Any:
        if self.failed_logins >= 3:
            return {"status": LOCKOUT}
        if (username, password) != (self.user, self.password):
            self.failed_logins += 1
            return {"status": "Invalid user name or password"}
        key = secrets.token_hex(16)
        self.sessions[key] = time.time() + self.session_lifetime
        return key

    def _valid(self, key: str) -> bool:
        return self.sessions.get(key, 0) > time.time()

    def release_session_key(self, sSessionKey: str) -> Any:  # noqa: N803 (PHP names)
        self.sessions.pop(sSessionKey, None)
        self.released.append(sSessionKey)
        return "OK"

    def get_site_settings(self, sSessionKey: str, sSetttingName: str) -> Any:  # noqa: N803
        return (
            {"status": "Invalid setting"} if self._valid(sSessionKey) else {"status": "Invalid session key"}
        )

    def export_responses(
        self,
        sSessionKey: str,  # noqa: N803
        iSurveyID: Any,  # noqa: N803
        sDocumentType: str,  # noqa: N803
        sLanguageCode: str | None = None,  # noqa: N803
        sCompletionStatus: str = "all",  # noqa: N803
        sHeadingType: str = "code",  # noqa: N803
        sResponseType: str = "short",  # noqa: N803
        iFromResponseID: Any = None,  # noqa: N803
        iToResponseID: Any = None,  # noqa: N803
        aFields: Any = None,  # noqa: N803
        aAdditionalOptions: Any = None,  # noqa: N803 (LimeSurvey 6)
    ) -> Any:
        with self._lock:
            self.exports_in_flight += 1
            self.max_exports_in_flight = max(self.max_exports_in_flight, self.exports_in_flight)
        try:
            if self.export_delay:
                time.sleep(self.export_delay)
            return self._export(sSessionKey, iSurveyID, sDocumentType, sCompletionStatus)
        finally:
            with self._lock:
                self.exports_in_flight -= 1

    def _export(
        self,
        sSessionKey: str,  # noqa: N803
        iSurveyID: Any,  # noqa: N803
        sDocumentType: str,  # noqa: N803
        sCompletionStatus: str,  # noqa: N803
    ) -> Any:
        if not self._valid(sSessionKey):
            return {"status": "Invalid session key"}
        survey = self.surveys.get(int(iSurveyID))
        if survey is None or not survey.permitted:
            return {"status": "No permission"}
        if not survey.active:
            return {"status": "No Data, survey table does not exist."}
        if sDocumentType != "json":
            raise _RpcError("Invalid document type")  # the JSON error member
        if not survey.responses:
            return {"status": "No Data, could not get max id."}
        if survey.raw_result is not None:
            return survey.raw_result
        rows = survey.responses
        if sCompletionStatus == "complete":
            rows = [r for r in rows if r.get("submitdate")]
        # 2.x/3.x wrap each row in an object keyed by its id, inside the same envelope as 4+.
        body = {"responses": [{str(r["id"]): r} for r in rows] if self.v3_layout else rows}
        return base64.b64encode(json.dumps(body, ensure_ascii=False).encode()).decode()

    # -- HTTP ---------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._reply(200, b"", "text/html; charset=UTF-8")

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.split("?")[0] != PATH:
                    self._reply(404, b"<html><body>404 Not Found</body></html>", "text/html")
                    return
                if fake.delay:
                    time.sleep(fake.delay)
                if fake.fail_next:
                    self._reply(
                        fake.fail_next.pop(0), b"<html><body>Service Unavailable</body></html>", "text/html"
                    )
                    return
                if not fake.rpc_enabled or "application/json" not in (self.headers.get("Content-Type") or ""):
                    self._reply(200, b"", "text/html; charset=UTF-8")
                    return
                try:
                    request = json.loads(raw)
                except ValueError:
                    out = {"id": None, "result": None, "error": "unable to decode malformed json"}
                    self._reply(200, json.dumps(out).encode(), "application/json")
                    return
                method, params, rid = request.get("method"), request.get("params"), request.get("id")
                fake.calls.append(str(method))
                if method not in PHP_PARAMS or isinstance(request, list):
                    self._php_error(f"Call to undefined method remotecontrol_handle::{method}()")
                    return
                names = PHP_PARAMS[method]
                if isinstance(params, dict):
                    unknown = [k for k in params if k not in names]
                    if unknown:
                        self._php_error(f"Unknown named parameter ${unknown[0]}")
                        return
                    args = params
                else:
                    # PHP passes extra positional arguments to a userland function without complaint.
                    args = dict(zip(names, params or [], strict=False))
                if len(args) < REQUIRED[method]:
                    self._php_error(f"Too few arguments to function remotecontrol_handle::{method}()")
                    return
                try:
                    result, error = getattr(fake, method)(**args), None
                except _RpcError as exc:
                    result, error = None, str(exc)
                if not rid:
                    self._reply(200, b"", "text/html; charset=UTF-8")  # a notification: no reply body
                    return
                out = json.dumps({"id": rid, "result": result, "error": error}, separators=(", ", ": "))
                self._reply(200, out.encode(), "application/json")

            def _php_error(self, message: str) -> None:
                page = f"<html><body><h1>Internal Server Error</h1><p>{message}</p></body></html>"
                self._reply(500, page.encode(), "text/html; charset=UTF-8")

        return Handler


class _RpcError(Exception):
    pass


def demo_server(conn: Any) -> FakeLimeSurvey:
    """A server answering the demo dataset's two active forms, for ``make run``.

    The motivation form has answers from candidates of the active campaign (one answered twice, one
    unknown dossier); the computing form has answers per candidature. Not started: use ``with``.
    """
    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.transactions import transaction

    with transaction(conn) as cur:
        rows = sqlfiles.execute(cur, "demo/limesurvey_respondents.sql").fetchall()
    server = FakeLimeSurvey()
    base = {"lastpage": 2, "startlanguage": "fr", "seed": "1"}
    motivation = [
        {"id": i, "submitdate": f"2026-10-{10 + i:02d} 10:00:00", **base, "numDossier": dossier,
         "MOTIV": f"Motivation du dossier {dossier}", "PROJET[SQ001]": "Master", "PROJET[SQ002]": None}
        for i, (dossier, _cand) in enumerate(rows, 1)
    ]  # fmt: skip
    motivation.append(
        {"id": 99, "submitdate": "2026-10-30 10:00:00", **base, "numDossier": "INCONNU1", "MOTIV": "?"}
    )
    informatique = [
        {
            "id": i,
            "submitdate": "2026-10-20 09:00:00",
            **base,
            "idCandidature": str(cand),
            "LANGAGE": "Python",
        }
        for i, (_dossier, cand) in enumerate(rows, 1)
    ]
    server.surveys[123456] = Survey(responses=motivation)
    server.surveys[654321] = Survey(responses=informatique)
    return server


def serve(spec_path: str) -> None:
    """Serve the surveys of a JSON spec in this process until killed (the benchmark's LimeSurvey).

    The spec: ``{"surveys": {"<id>": [response, ...]}, "latency": seconds per request}``. The URL is
    printed on stdout once the server listens.
    """
    import sys

    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    server = FakeLimeSurvey()
    server.delay = float(spec.get("latency", 0))
    for sid, responses in spec["surveys"].items():
        server.surveys[int(sid)] = Survey(responses=responses)
    with server:
        print(server.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin (or kills us)


if __name__ == "__main__":
    import sys

    serve(sys.argv[1])
