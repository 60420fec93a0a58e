"""Sending eCandidat's mails through Airflow's SMTP provider, one session for many mails."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

from ecandidat_batches.mails.templates import Mail, MailError


class NoMailCanGoError(MailError):
    """No mail can go now (every one would fail the same way): the delivery stops, the mails are kept."""


class SmtpUnavailableError(NoMailCanGoError):
    """The SMTP server cannot be reached (or drops the session twice)."""


class MailConfigError(NoMailCanGoError):
    """The package's mail settings are incomplete; the message names the setting."""


def _refused(exc: BaseException) -> bool:
    """The server refused this mail (recipient, sender, data), as opposed to the session failing:
    anything but a connection refused or a 421 ("service not available, closing")."""
    import smtplib

    if isinstance(exc, smtplib.SMTPRecipientsRefused | ValueError):
        return True
    return (
        isinstance(exc, smtplib.SMTPResponseException)
        and not isinstance(exc, smtplib.SMTPConnectError)
        and exc.smtp_code != 421
    )


def _tls_failure(exc: BaseException, conn_id: str) -> str | None:
    """What to set when TLS stops every mail: the server's certificate refused (the SMTP provider
    checks it against the system's authorities: the university's CA goes there), or a relay that
    requires STARTTLS (530) from a connection that turned it off."""
    import smtplib
    import ssl

    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"connexion {conn_id} : certificat du serveur SMTP refusé ({exc.verify_message}) ; si "
            "l'établissement a sa propre autorité de certification, ajoutez-la aux autorités du système "
            "des machines d'Airflow (update-ca-certificates, ou la variable SSL_CERT_FILE)"
        )
    if isinstance(exc, ssl.SSLError):
        return f"connexion {conn_id} : échec de la négociation TLS avec le serveur SMTP ({exc})"
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 530:
        said = exc.smtp_error
        answer = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        return (
            f'connexion {conn_id} : le serveur SMTP exige STARTTLS ({answer}) : mettez "disable_tls": false '
            "dans ses extras"
        )
    return None


class MailSender:
    """Mails through Airflow's SMTP provider (connection ``smtp_default``: eCandidat's relay, no auth;
    STARTTLS or SSL by the provider's extras ``disable_tls``, ``disable_ssl``, ``ssl_context``;
    the provider's MIME message, HTML in UTF-8, BCC in the envelope only), one SMTP session for many
    mails (attachments sent under their names), opened at the first mail (a run without mails needs
    no server), the connection's
    ``retry_limit`` per mail; a refusal (an SMTP error answer) fails that mail only; a session the
    server drops is opened again once for the mail; a server that cannot be reached twice raises
    :class:`SmtpUnavailableError` (every mail would fail the same way).

    :param smtp_conn_id: the SMTP connection.
    :param sender: eCandidat's ``mail.from.noreply``.
    """

    def __init__(self, smtp_conn_id: str, sender: str) -> None:
        self.smtp_conn_id = smtp_conn_id
        self.sender = sender
        self._hook: Any = None

    def __enter__(self) -> MailSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self._hook is not None:
            with contextlib.suppress(Exception):  # the session may be gone already
                self._hook.__exit__(None, None, None)
            self._hook = None

    def from_address(self) -> str:
        """The sender: ``[ecandidat] mail_from``, else the connection's ``from_email`` (as the provider
        falls back to it).

        :raises MailConfigError: neither is set (the provider would fail every mail, retried as if the
            server were down).
        """
        if self.sender:
            return self.sender
        from airflow.sdk import BaseHook

        try:
            fallback = BaseHook.get_connection(self.smtp_conn_id).extra_dejson.get("from_email")
        except Exception:  # a missing connection: the session's own error says it
            fallback = None
        if not fallback:
            raise MailConfigError(
                "erreur de configuration : l'expéditeur des mails n'est pas renseigné "
                "([ecandidat] mail_from, mail.from.noreply d'eCandidat ; ou from_email de la connexion "
                f"{self.smtp_conn_id})"
            )
        self.sender = str(fallback)
        return self.sender

    def send(self, mail: Mail) -> None:
        """Send one mail (its attachments written to a temporary folder: the provider attaches files by
        path); :class:`MailError` names it and the server's answer when it is refused.

        :raises MailConfigError: no sender configured (before any connection).
        :raises SmtpUnavailableError: the server cannot be reached.
        """
        if not mail.attachments:
            self._send(mail, [])
            return
        with tempfile.TemporaryDirectory(prefix="ecandidat-pj-") as folder:
            self._send(mail, _files(mail, Path(folder)))

    def _send(self, mail: Mail, files: list[str]) -> None:
        import smtplib

        from airflow.providers.smtp.hooks.smtp import SmtpHook
        from airflow.sdk.exceptions import AirflowException

        sender = self.from_address()
        for attempt in (1, 2):
            hook = self._hook
            try:
                if hook is None:  # connection, greeting, STARTTLS, login
                    hook = SmtpHook(smtp_conn_id=self.smtp_conn_id)
                    self._hook = hook.__enter__()
                self._hook.send_email_smtp(
                    to=list(mail.to), subject=mail.subject, html_content=mail.html, from_email=sender,
                    bcc=list(mail.bcc) or None, mime_charset="utf-8",
                    custom_headers=dict(mail.headers) or None, files=files or None,
                )  # fmt: skip
                return
            except (smtplib.SMTPException, OSError, AirflowException, ValueError) as exc:
                setting = _tls_failure(exc, self.smtp_conn_id)
                if setting is not None:  # every mail would meet it: a setting to change, not retried
                    self._close()
                    raise SmtpUnavailableError(setting) from exc
                if self._hook is not None and _refused(exc):  # an answer about this mail: the session goes on
                    raise MailError(self._failed(mail, exc)) from exc
                self._hook = None  # no session (or one being closed): a new one, once
                with contextlib.suppress(Exception):
                    hook.__exit__(None, None, None)
                if attempt == 2:
                    raise SmtpUnavailableError(f"serveur SMTP indisponible : {exc}") from exc

    @staticmethod
    def _failed(mail: Mail, exc: BaseException) -> str:
        return f"mail {mail.cod_mail} à {', '.join(mail.to)} ({mail.about}) non envoyé : {exc}"


def _files(mail: Mail, folder: Path) -> list[str]:
    """The mail's attachments as files named as they are sent (the SMTP provider attaches files)."""
    paths = []
    for number, attachment in enumerate(mail.attachments):
        own = folder / str(number)
        own.mkdir()
        path = own / attachment.name
        path.write_bytes(attachment.data)
        paths.append(str(path))
    return paths
