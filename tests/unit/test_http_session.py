"""The one session of the HTTP and SOAP hooks: its extras checked, and one meaning of ``retries``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dev.fakes.opi_metier import FakeOpiMetier

from ecandidat_batches.hooks.http_session import (
    ConnectionSettingsError,
    RetryPolicy,
    attempts_phrase,
    transport_of,
)
from ecandidat_batches.hooks.limesurvey import LimeSurveyError, LimeSurveyHook
from ecandidat_batches.hooks.opi_metier import OpiFaultError, OpiMetierHook, OpiUnreachableError


def connection(**extra: Any) -> Any:
    from airflow.sdk import Connection

    return Connection(conn_id="univ_service", conn_type="http", host="https://x", extra=json.dumps(extra))


def test_the_provider_s_forms_are_read(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    key = tmp_path / "client.key"
    key.write_text("key")
    read = transport_of(
        connection(verify_ssl=str(ca), cert=[str(ca), str(key)], proxy={"https": "http://p:3128"},
                   trust_env="false", timeout="12.5", retries="0"),
        "univ_service", timeout=60,
    )  # fmt: skip
    assert (read.verify, read.cert, read.proxies) == (
        str(ca),
        (str(ca), str(key)),
        {"https": "http://p:3128"},
    )
    assert (read.trust_env, read.timeout, read.retries) == (False, 12.5, 0)
    defaults = transport_of(connection(), "univ_service", timeout=60)
    assert (defaults.verify, defaults.cert, defaults.proxies, defaults.trust_env) == (True, None, {}, True)
    assert (defaults.timeout, defaults.retries) == (60, 3)
    assert transport_of(connection(verify=False), "univ_service", timeout=1).verify is False
    assert transport_of(connection(verify="false"), "univ_service", timeout=1).verify is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"verify": "/etc/univ/ca.pem"},
            "extra « verify » : le fichier /etc/univ/ca.pem n'existe pas",
        ),
        ({"cert": ["a.pem", "b.key", "c"]}, "extra « cert » invalide"),
        ({"cert": "/etc/univ/absent.pem"}, "extra « cert » : le fichier /etc/univ/absent.pem n'existe pas"),
        ({"proxies": "http://proxy:3128"}, "extra « proxies » invalide"),
        ({"trust_env": "peut-être"}, "extra « trust_env » invalide"),
        ({"timeout": 0}, "extra « timeout » invalide"),
        ({"retries": "trois"}, "extra « retries » invalide"),
        ({"retries": -1}, "extra « retries » invalide"),
        ({"retries": 2.5}, "extra « retries » invalide"),
    ],
)
def test_a_bad_extra_names_the_connection_and_the_extra(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ConnectionSettingsError, match=f"^connexion univ_service : {message}"):
        transport_of(connection(**extra), "univ_service", timeout=60)


def test_a_hook_raises_its_own_error_for_a_bad_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = {"conn_type": "http", "host": "https://enquetes.univ.fr/index.php/admin/remotecontrol",
            "login": "ecandidat", "password": "secret", "extra": {"verify": "/etc/univ/ca.pem"}}  # fmt: skip
    monkeypatch.setenv("AIRFLOW_CONN_LIMESURVEY_DEFAULT", json.dumps(conn))
    with pytest.raises(LimeSurveyError, match="connexion limesurvey_default : extra « verify »"):
        LimeSurveyHook().settings()


def test_waits_grow_from_an_immediate_retry_and_retry_after_is_capped() -> None:
    import requests

    policy = RetryPolicy(backoff=0.5, wait_max=3)
    assert [policy.wait(n, None) for n in (1, 2, 3, 4, 5)] == [0.0, 0.5, 1.0, 2.0, 3.0]
    busy = requests.Response()
    busy.headers["Retry-After"] = "2"
    assert policy.wait(1, busy) == 2.0
    busy.headers["Retry-After"] = "120"
    assert policy.wait(1, busy) == 3.0
    assert (policy.attempts, attempts_phrase(1), attempts_phrase(4)) == (4, "1 essai", "4 essais")


@pytest.fixture
def opi(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeOpiMetier, Any]]:
    """OpiMetier answering from its HTTP layer only (errors and faults reach no database)."""

    def no_database() -> Any:
        raise AssertionError("these calls never reach Apogée's tables")

    with FakeOpiMetier(no_database) as server:

        def connect(**extra: Any) -> None:
            monkeypatch.setenv("AIRFLOW_CONN_OPI_METIER_DEFAULT", json.dumps(server.connection(**extra)))

        yield server, connect


@pytest.mark.parametrize(("retries", "requests"), [(0, 1), (2, 3)])
def test_retries_are_the_retries_after_the_first_attempt(
    opi: tuple[FakeOpiMetier, Any], retries: int, requests: int
) -> None:
    """OpiMetier counted attempts before; now ``retries`` means the same in every hook."""
    server, connect = opi
    connect(retries=retries)
    server.status_next = [503] * 10
    with pytest.raises(OpiUnreachableError, match=f"sans réponse après {attempts_phrase(requests)} : "):
        OpiMetierHook().mettre_a_jour_donnees_opi({"individu": {"codOpiIntEpo": "X1"}})
    assert len(server.bodies) == requests


def test_a_soap_fault_is_an_answer_never_retried(opi: tuple[FakeOpiMetier, Any]) -> None:
    server, connect = opi
    connect(retries=3)
    server.faults["X1"] = "technical.data.nullretrieve.bac"
    with pytest.raises(OpiFaultError, match=r"^technical\.data\.nullretrieve\.bac$"):
        OpiMetierHook().mettre_a_jour_donnees_opi({"individu": {"codOpiIntEpo": "X1"}})
    assert len(server.bodies) == 1
    server.drop_next, server.status_next = 1, [502]  # then a dropped connection and a 502: retried
    with pytest.raises(OpiFaultError):
        OpiMetierHook().mettre_a_jour_donnees_opi({"individu": {"codOpiIntEpo": "X1"}})
    assert len(server.bodies) == 1 + 3
