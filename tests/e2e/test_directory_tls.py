"""The directory over TLS with the university's own CA: ldaps:// and StartTLS on ldap:// (the session's
slapd serves both with a private CA's certificate)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dev.slapd import LdapServer
from tests.fixtures.slapd import ldap_conn_json

from ecandidat_batches.hooks.ldap import DirectoryError, EcandidatLdapHook

PEOPLE = [("mmartin", "Marie Martin-Durand", "marie.martin@univ.fr")]


@pytest.fixture
def directory_with_people(directory: LdapServer) -> Iterator[LdapServer]:
    directory.add_people(PEOPLE)
    try:
        yield directory
    finally:
        directory.clear_people()


def lookup(monkeypatch: pytest.MonkeyPatch, url: str, **extra: Any) -> dict[str, Any]:
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", ldap_conn_json(url, **extra))
    return {login: person.mail for login, person in EcandidatLdapHook().lookup(["mmartin"]).items()}


@pytest.mark.parametrize("mode", ["ldaps", "StartTLS"])
def test_refused_without_the_ca_working_with_it(
    mode: str, directory_with_people: LdapServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = directory_with_people
    url = server.ldaps_url if mode == "ldaps" else server.url
    tls = {} if mode == "ldaps" else {"start_tls": True}
    with pytest.raises(DirectoryError) as refused:
        lookup(monkeypatch, url, **tls)
    assert "certificat du serveur refusé" in str(refused.value)
    assert "extra « ca_certs » de la connexion ecandidat_ldap" in str(refused.value)
    assert lookup(monkeypatch, url, ca_certs=str(server.ca), **tls) == {"mmartin": "marie.martin@univ.fr"}
    # ``verify`` given the CA's path, as the HTTP connections take it, says the same.
    assert lookup(monkeypatch, url, verify=str(server.ca), **tls) == {"mmartin": "marie.martin@univ.fr"}


def test_starttls_really_encrypts(directory_with_people: LdapServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """With start_tls the bind and the searches go over TLS: the hook's connection says so."""
    server = directory_with_people
    monkeypatch.setenv(
        "AIRFLOW_CONN_ECANDIDAT_LDAP", ldap_conn_json(server.url, start_tls=True, ca_certs=str(server.ca))
    )
    with EcandidatLdapHook().get_conn() as conn:
        assert conn.tls_started
        assert conn.extend.standard.who_am_i() == "dn:cn=ecandidat,ou=services,dc=univ,dc=fr"


def test_a_missing_ca_file_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_ECANDIDAT_LDAP", ldap_conn_json("ldaps://annuaire.univ.fr", ca_certs="/etc/univ/ca.pem")
    )
    with pytest.raises(
        DirectoryError, match=r"connexion ecandidat_ldap : extra « ca_certs » : le fichier /etc/univ/ca\.pem"
    ):
        EcandidatLdapHook().lookup(["x"])
