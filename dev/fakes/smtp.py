"""A real SMTP server on 127.0.0.1 (aiosmtpd) that records what it receives, for the tests.

It speaks SMTP as any relay does (aiosmtpd implements RFC 5321, and STARTTLS, RFC 3207); what it does
with a message is ours: keep it for the test to read, refuse given recipients with a 550 as a real relay
would, or drop the connection in the middle of a message. With a TLS context it requires STARTTLS
before any mail (``530``), or speaks TLS from the first byte (``implicit``, SMTPS on port 465).
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    #: Whether the message came over TLS (STARTTLS, or a TLS connection from the start).
    tls: bool = False

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    #: The next messages (by count) whose connection is dropped before the answer to DATA, unsaved.
    drop: int = 0
    #: Answer every message "421 service not available" (a relay shutting down), unsaved.
    busy: bool = False

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.drop > 0:  # a relay that dies mid-message: the client sees the connection go
            self.drop -= 1
            server.transport.close()
            return "421 4.3.0 closing"
        if self.busy:
            return "421 4.3.2 Service not available, closing transmission channel"
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, tls))
        return "250 Message accepted for delivery"


class RecordingSmtp:
    """``with RecordingSmtp() as smtp:`` a server on ``smtp.port``; ``smtp.received`` its messages."""

    def __init__(self, tls: ssl.SSLContext | None = None, *, implicit: bool = False) -> None:
        self.handler = _Handler()
        with socket.socket() as probe:  # aiosmtpd needs the port before it binds
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if tls is not None and implicit:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=port, ssl_context=tls)
        elif tls is not None:
            self.controller = Controller(
                self.handler, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True
            )
        else:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def refused(self) -> set[str]:
        return self.handler.refused

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def connection(self, **extra: Any) -> dict[str, Any]:
        """An Airflow SMTP connection to this server (plain SMTP, no auth), as eCandidat's relay."""
        return {
            "conn_type": "smtp",
            "host": "127.0.0.1",
            "port": self.port,
            "extra": {"disable_tls": True, "disable_ssl": True, "timeout": 10, "retry_limit": 1, **extra},
        }

    def __enter__(self) -> RecordingSmtp:
        self.controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.controller.stop()
