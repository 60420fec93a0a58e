"""BATCH_MAJ_GESTIONNAIRE against a real OpenLDAP server (Debian's slapd, started by the session), on
both engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dev.slapd import LdapServer
from tests.fixtures.airflow import DAGS

from ecandidat_batches.hooks.ldap import DirectoryError, EcandidatLdapHook
from ecandidat_batches.jobs import maj_gestionnaire

ROOT = Path(__file__).resolve().parents[2]

DIRECTORY = [
    ("jdupont", "Jean Dupont", "jean.dupont@univ.fr"),
    ("mmartin", "Marie Martin-Durand", "marie.martin@univ.fr"),
    ("retour", "Paul Retour", "paul.retour@univ.fr"),
    ("changed_off", "Léa Nouveau", "lea@univ.fr"),
    ("abc", "Alice B. Carré", "abc@univ.fr"),
    ("caselogin", "Casse Ignorée", "casse@univ.fr"),
    ("longmail", "Long Mail", "x" * 300 + "@univ.fr"),
]
INDIVIDUS = [  # login, label, mail, in service
    ("jdupont", "Jean Dupont", "jean.dupont@univ.fr", True),
    ("mmartin", "Marie Martin", "marie.martin@univ.fr", True),
    ("absent", "Parti", "parti@univ.fr", True),
    ("absent_off", "Parti depuis", None, False),
    ("retour", "Paul Retour", "paul.retour@univ.fr", False),
    ("changed_off", "Léa Ancien", None, False),
    ("a*", "Étoile", None, True),
    ("CaseLogin", "Casse Ignorée", "casse@univ.fr", True),
    ("longmail", "Long Mail", "long@univ.fr", True),
]


@pytest.fixture
def people(directory: LdapServer) -> Iterator[LdapServer]:
    """The session's directory with this module's people, emptied afterwards."""
    directory.add_people(DIRECTORY)
    try:
        yield directory
    finally:
        directory.clear_people()


def connection(url: str, **extra: Any) -> str:
    from tests.fixtures.slapd import ldap_conn_json

    return ldap_conn_json(url, **extra)


@pytest.fixture
def db(app_db: Any, people: LdapServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", connection(people.url))
    for row in INDIVIDUS:
        app_db.execute(
            "INSERT INTO individu (login_ind, libelle_ind, mail_ind, tes_ind) VALUES (%s, %s, %s, %s)", row
        )
    return app_db


def individus(conn: Any) -> dict[str, tuple[Any, ...]]:
    rows = conn.execute("SELECT login_ind, libelle_ind, mail_ind, tes_ind FROM individu").fetchall()
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows}


def run(conn: Any, **kwargs: Any) -> Any:
    conn.autocommit = False
    try:
        return maj_gestionnaire.run(conn, EcandidatLdapHook(), code="BATCH_MAJ_GESTIONNAIRE", **kwargs)
    finally:
        conn.autocommit = True


def test_each_rule(db: Any) -> None:
    summary = run(db)
    got = individus(db)
    assert got["jdupont"] == ("Jean Dupont", "jean.dupont@univ.fr", True), "found, unchanged"
    assert got["mmartin"] == ("Marie Martin-Durand", "marie.martin@univ.fr", True), "found, changed"
    assert got["absent"] == ("Parti", "parti@univ.fr", False), "not found: out of service"
    assert got["absent_off"] == ("Parti depuis", None, False)
    assert got["retour"] == ("Paul Retour", "paul.retour@univ.fr", True), "back (eCandidat never did it)"
    assert got["changed_off"] == ("Léa Nouveau", "lea@univ.fr", True)
    assert got["a*"][2] is False, "the login is escaped in the filter: 'a*' does not match 'abc'"
    assert got["CaseLogin"][2] is True, "uid matches ignore case, as in the directory"
    assert got["longmail"] == ("Long Mail", "long@univ.fr", True), "a mail too long is not cut: left as is"
    assert summary.compteurs == {
        "individus": 9,
        "mis_a_jour": 2,
        "desactives": 2,
        "reactives": 1,
        "ignores": 1,
    }
    assert [line.split(" - ", 1)[1] for line in summary.lignes] == [
        "9 individu(s), 6 trouvé(s) dans l'annuaire",
        "Mise à jour de 2 individu(s)",
        "Désactivation de 2 individu(s)",
        "Réactivation de 1 individu(s)",
        "1 individu(s) laissé(s) tel(s) quel(s) : nom absent de l'annuaire ou nom / mail de plus de 255 "
        "caractères (longmail)",
    ]
    again = run(db)
    assert again.compteurs == {"individus": 9, "mis_a_jour": 0, "desactives": 0, "reactives": 0, "ignores": 1}


def test_a_dry_run_writes_nothing(db: Any) -> None:
    before = individus(db)
    assert run(db, dry_run=True).compteurs["mis_a_jour"] == 2
    assert individus(db) == before


def test_a_directory_down_fails_the_run_before_any_change(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dev.slapd import free_port

    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", connection(f"ldap://127.0.0.1:{free_port()}"))
    before = individus(db)
    with pytest.raises(DirectoryError, match=r"annuaire ldap://127\.0\.0\.1:\d+ : connexion impossible"):
        run(db)
    assert individus(db) == before


def test_a_wrong_password_names_the_cause(
    db: Any, directory: LdapServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = json.loads(connection(directory.url))
    conn["password"] = "wrong"
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", json.dumps(conn))
    with pytest.raises(DirectoryError, match="invalidCredentials"):
        run(db)


@pytest.mark.parametrize("engine", ["postgresql"])
def test_many_logins_beyond_the_server_size_limit(db: Any, directory: LdapServer) -> None:
    """slapd answers at most 500 entries per search: 1,200 logins are all found (paged OR searches)."""
    people = [(f"user{i:04d}", f"Agent {i}", f"user{i}@univ.fr") for i in range(1200)]
    directory.add_people(people)
    try:
        db.execute("DELETE FROM individu")
        for login, name, _mail in people:
            db.execute("INSERT INTO individu (login_ind, libelle_ind, mail_ind, tes_ind) VALUES (%s, %s, NULL, TRUE)",
                       (login, name))  # fmt: skip
        summary = run(db)
        assert summary.compteurs["mis_a_jour"] == 1200
        assert summary.compteurs["desactives"] == 0
    finally:
        directory.clear_people()
        directory.add_people(DIRECTORY)  # the fixture's people, which it clears


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_dag(db: Any, airflow_db: None) -> None:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS / "batch_maj_gestionnaire.py")).dags["BATCH_MAJ_GESTIONNAIRE"]
    run = dag.test(logical_date=None)
    assert str(getattr(run.state, "value", run.state)) == "success"
    assert individus(db)["mmartin"][0] == "Marie Martin-Durand"


def test_ldaps_checks_the_directory_s_certificate(
    db: Any, directory: LdapServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ldap3 does not check certificates by default; the hook does (a private CA given in the extras)."""
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_LDAP", connection(directory.ldaps_url))
    with pytest.raises(DirectoryError, match=r"certificat du serveur refusé .*extra « ca_certs »"):
        run(db)
    monkeypatch.setenv(
        "AIRFLOW_CONN_ECANDIDAT_LDAP", connection(directory.ldaps_url, ca_certs=str(directory.ca))
    )
    assert run(db).compteurs["mis_a_jour"] == 2
