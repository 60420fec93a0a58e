"""The institution's directory (LDAP), as eCandidat reads it for BATCH_MAJ_GESTIONNAIRE.

eCandidat's settings ``ldap.url``, ``ldap.user`` and ``ldap.pwd`` are the Airflow connection's host
(an ``ldap://`` or ``ldaps://`` URL), login (the bind DN) and password; ``ldap.branche.people``,
``ldap.champs.uid``, ``ldap.champs.displayName`` and ``ldap.champs.mail`` are its extras ``people``,
``uid`` (``uid``), ``display_name`` (``displayName``) and ``mail`` (``mail``); ``timeout`` (30 s)
bounds the connection and each search. TLS (an ``ldaps://`` URL, or extra ``start_tls`` on ``ldap://``)
checks the server's certificate against the system's authorities or extra ``ca_certs`` (the
university's CA file; ``verify`` given a path says the same, as on the HTTP connections); extra
``verify: false`` turns the check off, explicitly. A refused certificate is a French error naming the
connection and the extra. Through ldap3, a maintained pure-Python client.

What it adds to eCandidat's lookup (one search per individu, the login put into the filter as is):
many logins per search (an OR filter, paged), every login escaped (RFC 4515), and every error
raised with its cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from airflow.sdk import BaseHook

from ecandidat_batches.hooks.http_session import certificate_refused

#: Logins per search: one OR filter; the answers are paged, so the server's size limit never cuts them.
LOGINS_PER_SEARCH = 200


class DirectoryError(RuntimeError):
    """The directory cannot be read; the message says why."""


@dataclass(frozen=True)
class Person:
    """What eCandidat keeps of a directory entry."""

    display_name: str | None
    mail: str | None


class EcandidatLdapHook(BaseHook):
    """Look eCandidat's individus up in the directory, many logins per search."""

    conn_name_attr = "ldap_conn_id"
    default_conn_name = "ecandidat_ldap"
    conn_type = "generic"
    hook_name = "Annuaire LDAP (eCandidat)"

    def __init__(self, ldap_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.ldap_conn_id = ldap_conn_id

    @cached_property
    def config(self) -> dict[str, Any]:
        """The connection's settings, read once per hook (a lookup connects, then searches)."""
        conn = self.get_connection(self.ldap_conn_id)
        extra = conn.extra_dejson
        url = str(conn.host or "")
        if "://" not in url:
            url = f"ldap://{url}" + (f":{conn.port}" if conn.port else "")
        missing = [
            name for name, value in (("host", conn.host), ("people", extra.get("people"))) if not value
        ]
        if missing:
            raise DirectoryError(
                f"connexion {self.ldap_conn_id} incomplète : {', '.join(missing)} manquant(s) "
                "(URL de l'annuaire, branche des personnes)"
            )
        verify = extra.get("verify", True)
        flag = verify if isinstance(verify, bool) else _flag(str(verify))
        ca_certs = extra.get("ca_certs") or (None if flag is not None else str(verify))
        if ca_certs and not Path(str(ca_certs)).exists():
            name = "ca_certs" if extra.get("ca_certs") else "verify"
            raise DirectoryError(
                f"connexion {self.ldap_conn_id} : extra « {name} » : le fichier {ca_certs} n'existe pas"
            )
        return {
            "url": url,
            "user": conn.login or None,
            "password": conn.password or None,
            "people": str(extra["people"]),
            "uid": str(extra.get("uid", "uid")),
            "display_name": str(extra.get("display_name", "displayName")),
            "mail": str(extra.get("mail", "mail")),
            "timeout": max(1, int(float(extra.get("timeout", 30)))),  # ldap3 takes whole seconds
            "start_tls": str(extra.get("start_tls", "false")).lower() in ("true", "1", "yes"),
            "verify": flag is not False,
            "ca_certs": ca_certs,
        }

    @contextmanager
    def get_conn(self) -> Iterator[Any]:
        """A bound ldap3 connection (the service account, or anonymous), unbound afterwards."""
        import ldap3
        from ldap3.core.exceptions import LDAPException

        s = self.config
        server = ldap3.Server(s["url"], connect_timeout=s["timeout"], tls=tls_of(s))
        bind = ldap3.AUTO_BIND_TLS_BEFORE_BIND if s["start_tls"] else ldap3.AUTO_BIND_NO_TLS
        try:
            conn = ldap3.Connection(
                server, s["user"], s["password"], auto_bind=bind, raise_exceptions=True,
                receive_timeout=s["timeout"], read_only=True,
            )  # fmt: skip
        except LDAPException as exc:
            raise DirectoryError(_connect_failure(exc, s["url"], self.ldap_conn_id)) from exc
        try:
            yield conn
        finally:
            conn.unbind()

    def lookup(self, logins: Iterable[str]) -> dict[str, Person]:
        """The directory's entry of each login found (the first, as eCandidat), by login."""
        from ldap3.core.exceptions import LDAPException
        from ldap3.utils.conv import escape_filter_chars

        s = self.config
        wanted = list(dict.fromkeys(logins))
        found: dict[str, Person] = {}
        with self.get_conn() as conn:
            for start in range(0, len(wanted), LOGINS_PER_SEARCH):
                chunk = wanted[start : start + LOGINS_PER_SEARCH]
                by_uid: dict[str, list[str]] = {}  # uid matches ignore case in the directory
                for login in chunk:
                    by_uid.setdefault(login.lower(), []).append(login)
                terms = "".join(f"({s['uid']}={escape_filter_chars(login)})" for login in chunk)
                try:
                    entries = conn.extend.standard.paged_search(
                        s["people"], f"(|{terms})", attributes=[s["uid"], s["display_name"], s["mail"]],
                        paged_size=LOGINS_PER_SEARCH, generator=True,
                    )  # fmt: skip
                    for entry in entries:
                        if entry.get("type") != "searchResEntry":
                            continue
                        attributes = entry["attributes"]
                        name, mail = attributes.get(s["display_name"]), attributes.get(s["mail"])
                        person = Person(_first(name), _first(mail))
                        for uid in _all(attributes.get(s["uid"])):
                            for login in by_uid.get(uid.lower(), ()):
                                found.setdefault(login, person)
                except LDAPException as exc:
                    raise DirectoryError(f"annuaire {s['url']} : recherche impossible ({exc})") from exc
        return found


def tls_of(settings: dict[str, Any]) -> Any:
    """ldap3's TLS settings: the server's certificate checked (ldap3's default is not to check it)."""
    import ssl

    import ldap3

    return ldap3.Tls(
        validate=ssl.CERT_REQUIRED if settings["verify"] else ssl.CERT_NONE,
        ca_certs_file=settings["ca_certs"] or None,
    )


def _flag(text: str) -> bool | None:
    lowered = text.strip().lower()
    return True if lowered in ("true", "1", "yes") else False if lowered in ("false", "0", "no") else None


def _connect_failure(exc: Exception, url: str, conn_id: str) -> str:
    """Why the directory could not be reached, in French; a refused certificate names what to set."""
    return certificate_refused(str(exc), f"annuaire {url}", "ca_certs", conn_id) or (
        f"annuaire {url} : connexion impossible ({exc})"
    )


def _all(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _first(value: Any) -> str | None:
    values = _all(value)
    return values[0] if values else None
