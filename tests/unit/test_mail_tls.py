"""Mails to a relay whose certificate comes from the university's own CA, over STARTTLS or SSL.

The SMTP provider's own options choose the mode (``disable_tls``: no STARTTLS; ``disable_ssl``: no TLS
from the first byte) and check the server's certificate against the system's authorities
(``ssl_context`` "default"): a private CA is added there, which ``SSL_CERT_FILE`` stands for here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dev.fakes.smtp import RecordingSmtp
from dev.fakes.tls import PrivateCa

from ecandidat_batches.mails.sender import MailSender, SmtpUnavailableError
from ecandidat_batches.mails.templates import Mail

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
MAIL = Mail("CANDIDATURE_RELANCE_FAVO", ("lea@example.org",), "Attente de confirmation", "<p>Bonjour</p>")


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> PrivateCa:
    return PrivateCa(tmp_path_factory.mktemp("smtp-ca"))


@pytest.fixture
def system(ca: PrivateCa, tmp_path: Path) -> tuple[str, str]:
    """The system's authorities, without then with the university's CA added."""
    import certifi

    bundle = SYSTEM_BUNDLE if SYSTEM_BUNDLE.exists() else Path(certifi.where())
    with_ca = tmp_path / "with-univ-ca.pem"
    with_ca.write_bytes(bundle.read_bytes() + b"\n" + ca.path.read_bytes())
    return str(bundle), str(with_ca)


@pytest.mark.parametrize("implicit", [False, True], ids=["STARTTLS", "SSL"])
def test_refused_without_the_ca_sent_over_tls_with_it(
    implicit: bool, ca: PrivateCa, system: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    without, with_ca = system
    with RecordingSmtp(ca.server_context(), implicit=implicit) as smtp:
        extra = {"disable_tls": implicit, "disable_ssl": not implicit}
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection(**extra)))
        monkeypatch.setenv("SSL_CERT_FILE", without)
        with (
            pytest.raises(
                SmtpUnavailableError, match=r"^connexion smtp_default : certificat du serveur SMTP refusé"
            ),
            MailSender("smtp_default", "noreply@univ.fr") as sender,
        ):
            sender.send(MAIL)
        assert smtp.received == []
        monkeypatch.setenv("SSL_CERT_FILE", with_ca)
        with MailSender("smtp_default", "noreply@univ.fr") as sender:
            sender.send(MAIL)
    [got] = smtp.received
    assert got.tls, "the message came over TLS"
    assert got.rcpt_tos == ["lea@example.org"]


def test_a_relay_that_requires_starttls_names_the_extra(
    ca: PrivateCa, system: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relay that refuses mail before STARTTLS (530) would refuse every mail: one clear error."""
    with RecordingSmtp(ca.server_context()) as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))  # no TLS at all
        with (
            pytest.raises(SmtpUnavailableError, match=r'exige STARTTLS .*"disable_tls": false'),
            MailSender("smtp_default", "noreply@univ.fr") as sender,
        ):
            sender.send(MAIL)
    assert smtp.received == []
