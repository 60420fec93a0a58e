"""A real HTTP forward proxy on 127.0.0.1, for the tests of the hooks behind a university's proxy.

It speaks what a client sends to a forward proxy (RFC 9110 §9.3.6, RFC 9112 §3.2.2): ``CONNECT
host:port`` opens a tunnel (HTTPS goes through it, the TLS session stays end to end, the proxy sees
only the host and port), and a request with an absolute URI (``GET http://host:port/path``) is relayed
to that host. With ``credentials`` it asks for them as proxies do (``407`` with ``Proxy-Authenticate:
Basic``). ``seen`` lists what it relayed (``CONNECT 127.0.0.1:4431``, ``POST http://…``) for the tests
to assert that the requests did go through it.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import socketserver
import threading
from typing import Self
from urllib.parse import urlsplit

_HEAD_LIMIT = 65536


class ForwardProxy:
    """``with ForwardProxy() as proxy:`` a proxy at ``proxy.url``; ``proxy.seen`` what it relayed."""

    def __init__(self, *, credentials: tuple[str, str] | None = None) -> None:
        self.credentials = credentials
        self.seen: list[str] = []
        self.refused: list[str] = []  # requests answered 407 (no or wrong credentials)
        self._lock = threading.Lock()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        """The proxy's URL as a connection's ``proxies`` extra gives it (with its credentials if any)."""
        auth = f"{self.credentials[0]}:{self.credentials[1]}@" if self.credentials else ""
        return f"http://{auth}127.0.0.1:{self.port}"

    def connects(self) -> list[str]:
        """The ``host:port`` of every tunnel opened."""
        return [entry.split(" ", 1)[1] for entry in self.seen if entry.startswith("CONNECT ")]

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _authorised(self, headers: dict[str, str]) -> bool:
        if self.credentials is None:
            return True
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        return headers.get("proxy-authorization", "") == f"Basic {expected}"

    def _handler(self) -> type[socketserver.StreamRequestHandler]:
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                head = self._read_head()
                if head is None:
                    return
                request_line, headers = head
                try:
                    method, target, _version = request_line.split(" ", 2)
                except ValueError:
                    self._answer(400, "Bad Request")
                    return
                if not proxy._authorised(headers):
                    with proxy._lock:
                        proxy.refused.append(f"{method} {target}")
                    challenge = 'Proxy-Authenticate: Basic realm="univ"'
                    self._answer(407, "Proxy Authentication Required", challenge)
                    return
                with proxy._lock:
                    proxy.seen.append(f"{method} {target}")
                if method == "CONNECT":
                    self._tunnel(target)
                else:
                    self._relay(method, target, headers)

            def _read_head(self) -> tuple[str, dict[str, str]] | None:
                lines: list[str] = []
                size = 0
                while True:
                    line = self.rfile.readline(_HEAD_LIMIT)
                    size += len(line)
                    if not line or size > _HEAD_LIMIT:
                        return None
                    if line in (b"\r\n", b"\n"):
                        break
                    lines.append(line.decode("latin-1").rstrip("\r\n"))
                if not lines:
                    return None
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                return lines[0], headers

            def _answer(self, status: int, reason: str, *extra: str) -> None:
                head = [f"HTTP/1.1 {status} {reason}", "Content-Length: 0", "Connection: close", *extra]
                self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode())

            def _upstream(self, host: str, port: int) -> socket.socket | None:
                try:
                    return socket.create_connection((host, port), timeout=10)
                except OSError:
                    self._answer(502, "Bad Gateway")
                    return None

            def _tunnel(self, target: str) -> None:
                host, _, port = target.rpartition(":")
                upstream = self._upstream(host.strip("[]"), int(port or 443))
                if upstream is None:
                    return
                self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self.wfile.flush()
                self._pipe(upstream)

            def _relay(self, method: str, target: str, headers: dict[str, str]) -> None:
                url = urlsplit(target)
                if url.scheme != "http" or not url.hostname:
                    self._answer(400, "Bad Request")
                    return
                upstream = self._upstream(url.hostname, url.port or 80)
                if upstream is None:
                    return
                path = (url.path or "/") + (f"?{url.query}" if url.query else "")
                kept = {k: v for k, v in headers.items() if not k.startswith("proxy-") and k != "connection"}
                lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in kept.items())]
                lines.append("Connection: close")
                body = self.rfile.read(int(headers.get("content-length") or 0))
                with upstream:
                    upstream.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                    while chunk := upstream.recv(65536):
                        self.wfile.write(chunk)

            def _pipe(self, upstream: socket.socket) -> None:
                client = self.connection

                def forward(source: socket.socket, target: socket.socket) -> None:
                    with contextlib.suppress(OSError):
                        while data := source.recv(65536):
                            target.sendall(data)
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)

                upstream.settimeout(None)
                back = threading.Thread(target=forward, args=(upstream, client), daemon=True)
                back.start()
                forward(client, upstream)
                back.join(30)
                upstream.close()

        return Handler
