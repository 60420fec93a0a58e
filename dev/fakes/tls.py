"""A private certificate authority and certificates for 127.0.0.1, for the TLS test servers and clients.

Universities often serve their internal APIs with a certificate of their own CA, and some ask their
clients for a certificate too: the hooks must use the connection's ``verify`` (the CA file) and
``cert`` (the client certificate) for every request, the token request included.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class PrivateCa:
    """A CA written to ``folder/ca.pem``, a server certificate for 127.0.0.1 (``server.pem``,
    ``server.key``) and, on demand, client certificates, all signed by it."""

    def __init__(self, folder: Path, name: str = "Test university CA") -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.now = dt.datetime.now(dt.UTC)
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.certificate = (
            self._builder(_name(name), self._key.public_key(), _name(name))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(self._key, hashes.SHA256())
        )
        self.path = folder / "ca.pem"
        self.path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        self.server_cert, self.server_key = self._issue(
            "server", "127.0.0.1", ExtendedKeyUsageOID.SERVER_AUTH
        )

    def _builder(self, subject: x509.Name, public_key: Any, issuer: x509.Name) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(minutes=5))
            .not_valid_after(self.now + dt.timedelta(days=1))
        )

    def _issue(self, stem: str, common_name: str, usage: x509.ObjectIdentifier) -> tuple[Path, Path]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            self._builder(_name(common_name), key.public_key(), self.certificate.subject)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()), critical=False
            )
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(common_name))]), False
            )
        cert = builder.sign(self._key, hashes.SHA256())
        cert_path, key_path = self.folder / f"{stem}.pem", self.folder / f"{stem}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(_pem_key(key))
        return cert_path, key_path

    def client(self, name: str = "ecandidat-batches") -> tuple[Path, Path]:
        """A client certificate and its key (``client.pem``, ``client.key``); ``client-both.pem`` has both."""
        cert, key = self._issue("client", name, ExtendedKeyUsageOID.CLIENT_AUTH)
        (self.folder / "client-both.pem").write_bytes(cert.read_bytes() + key.read_bytes())
        return cert, key

    def server_context(self, *, require_client_cert: bool = False) -> ssl.SSLContext:
        """The server side: this CA's certificate for 127.0.0.1; with ``require_client_cert``, clients
        must show a certificate this CA signed."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.server_cert, self.server_key)
        if require_client_cert:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.path)
        return context


def private_ca(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """Write ``ca.pem`` into ``folder``; return its path and a server context for 127.0.0.1 signed by it."""
    ca = PrivateCa(folder)
    return ca.path, ca.server_context()
