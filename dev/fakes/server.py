"""What every local HTTP server of the tests shares: a threaded server on 127.0.0.1 (a free port),
served from ``with`` until the block ends, over HTTPS when given a TLS context."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class _Server(ThreadingHTTPServer):
    """With ``tls``, the handshake happens in the request's thread (a client that stalls blocks only
    itself), and a failed one ends as a real server ends it: the alert sent (e.g. "certificate
    required"), then what the client had sent read before closing, so that its TCP stack does not
    reset the connection and lose the alert."""

    daemon_threads = True
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
            try:
                request.settimeout(10)
                request.do_handshake()
            except (ssl.SSLError, OSError):
                with contextlib.suppress(OSError):
                    socket.socket.settimeout(request, 2)
                    while socket.socket.recv(request, 65536):
                        pass
                with contextlib.suppress(OSError):
                    socket.socket.close(request)
                return
            request.settimeout(None)
        super().finish_request(request, client_address)


class LocalServer:
    """Subclasses give their request handler (``_handler``); ``tls`` makes it HTTPS."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        #: ``https`` with ``tls``, for the URLs the fakes give.
        self.scheme = "https" if tls is not None else "http"
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.server.tls = tls  # HTTPS, with a certificate of the caller's (e.g. a private CA's)
        # A short poll: ``shutdown`` returns within 50 ms instead of serve_forever's default 0.5 s.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
