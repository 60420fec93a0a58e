"""A small Airflow REST API v2 server for hook unit tests, from Airflow's documented behaviour.

``POST /auth/token`` issues a JWT (HS256-shaped, unsigned here) whose ``exp`` claim the server
enforces with a 401, as Airflow does; ``POST /api/v2/dags/~/dagRuns/list`` pages at most 100 runs;
``GET /api/v2/dags`` lists the DAGs (``dag_id``, ``is_paused``) by ``limit``/``offset``, at most 100;
``/api/v2/flaky`` fails with the configured statuses before succeeding.
"""

from __future__ import annotations

import base64
import json
import ssl
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dev.fakes.server import LocalServer

MAX_PAGE = 100


def make_jwt(sub: str, lifetime: float) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': sub, 'exp': time.time() + lifetime})}.sig"


class FakeAirflowApi(LocalServer):
    def __init__(
        self,
        *,
        token_lifetime: float = 3600,
        users: dict[str, str] | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.token_lifetime = token_lifetime
        self.users = users or {"admin": "secret"}
        self.tokens: dict[str, float] = {}
        self.tokens_issued = 0
        self.revoked: set[str] = set()
        self.flaky: list[int] = []  # statuses to answer before a 200 on /api/v2/flaky
        self.calls: list[tuple[str, str]] = []
        self.runs: list[dict[str, Any]] = []
        self.dags: dict[str, bool] = {}  # dag_id: is_paused
        super().__init__(tls)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"null")

            def _authorised(self) -> bool:
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ")
                expiry = api.tokens.get(token)
                return (
                    auth.startswith("Bearer ")
                    and expiry is not None
                    and expiry > time.time()
                    and token not in api.revoked
                )

            def do_POST(self) -> None:
                api.calls.append(("POST", self.path))
                if self.path == "/auth/token":
                    creds = self._body()
                    if api.users.get(creds.get("username")) != creds.get("password"):
                        self._send(401, {"detail": "Invalid credentials"})
                        return
                    token = make_jwt(creds["username"], api.token_lifetime)
                    api.tokens[token] = time.time() + api.token_lifetime
                    api.tokens_issued += 1
                    self._send(201, {"access_token": token})
                    return
                if not self._authorised():
                    self._send(401, {"detail": "Not authenticated"})
                    return
                if self.path == "/api/v2/dags/~/dagRuns/list":
                    body = self._body()
                    runs = [r for r in api.runs if not body.get("dag_ids") or r["dag_id"] in body["dag_ids"]]
                    limit = min(body.get("page_limit", 100), MAX_PAGE)
                    offset = body.get("page_offset", 0)
                    self._send(200, {"dag_runs": runs[offset : offset + limit], "total_entries": len(runs)})
                    return
                self._send(404, {"detail": "Not Found"})

            def do_GET(self) -> None:
                api.calls.append(("GET", self.path))
                if not self._authorised():
                    self._send(401, {"detail": "Not authenticated"})
                    return
                if self.path == "/api/v2/flaky":
                    if api.flaky:
                        self._send(api.flaky.pop(0), {"detail": "try again"})
                    else:
                        self._send(200, {"ok": True})
                    return
                url = urlsplit(self.path)
                if url.path == "/api/v2/dags":
                    query = parse_qs(url.query)
                    limit = min(int(query.get("limit", ["50"])[0]), MAX_PAGE)
                    offset = int(query.get("offset", ["0"])[0])
                    dags = [{"dag_id": d, "is_paused": p} for d, p in sorted(api.dags.items())]
                    self._send(200, {"dags": dags[offset : offset + limit], "total_entries": len(dags)})
                    return
                if self.path == "/api/v2/bad":
                    self._send(400, {"detail": "bad request body"})
                    return
                self._send(404, {"detail": "Not Found"})

        return Handler
