"""PegaseHook against a local Pégase server speaking what eCandidat reads of it (dev/fakes/pegase.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from dev.fakes.pegase import FakePegase

from ecandidat_batches.hooks.pegase import PegaseError, PegaseHook, PegaseUnreachableError


def connect(monkeypatch: pytest.MonkeyPatch, extras: dict[str, Any], password: str = "secret") -> None:
    conn = {"conn_type": "http", "login": "ecandidat", "password": password,
            "extra": {**extras, "timeout": 2, "retries": 2, "page_size": 1000}}  # fmt: skip
    monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(conn))


@pytest.fixture
def pegase(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePegase]:
    with FakePegase() as server:
        connect(monkeypatch, server.extras())
        yield server


def communes(n: int) -> list[dict[str, Any]]:
    return [{"code": f"{i:05d}", "libelleCourt": f"C{i}", "libelleLong": "", "codeInsee": f"{i:05d}"}
            for i in range(n)]  # fmt: skip


def test_every_page_of_a_nomenclature_with_one_token(pegase: FakePegase) -> None:
    pegase.nomenclatures["Commune"] = communes(2500)
    pegase.nomenclatures["SerieBac"] = [{"code": "S", "libelleAffichage": "Scientifique"}]
    hook = PegaseHook()
    items = list(hook.nomenclature("Commune"))
    assert [i["code"] for i in items] == [f"{i:05d}" for i in range(2500)]
    assert items[0]["libelleLong"] is None, "an empty string reads as null, as eCandidat"
    assert list(hook.nomenclature("SerieBac")) == [{"code": "S", "libelleAffichage": "Scientifique"}]
    pages = [r for r in pegase.requests if "/nomenclatures/Commune/" in r]
    assert [p.split("/numPage/")[1] for p in pages] == [f"{n}/nbOccurences/1000" for n in range(3)]
    assert hook.token_requests == 1, "the token is reused"


def test_a_type_without_items_and_an_unknown_type(pegase: FakePegase) -> None:
    pegase.nomenclatures["Regime"] = []
    hook = PegaseHook()
    assert list(hook.nomenclature("Regime")) == []
    with pytest.raises(
        PegaseError, match="nomenclature Inconnue page 0 : Nomenclature inconnue \\(NOT_FOUND\\) : Inconnue"
    ):
        list(hook.nomenclature("Inconnue"))


def test_a_revoked_token_is_renewed_once(pegase: FakePegase) -> None:
    pegase.nomenclatures["SerieBac"] = [{"code": "S"}]
    hook = PegaseHook()
    assert len(list(hook.nomenclature("SerieBac"))) == 1
    pegase.revoke()
    assert len(list(hook.nomenclature("SerieBac"))) == 1
    assert hook.token_requests == 2


def test_a_token_about_to_expire_is_renewed_before_use(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakePegase(lifetime=30) as server:  # under the hook's one-minute margin
        connect(monkeypatch, server.extras())
        server.nomenclatures["SerieBac"] = [{"code": "S"}]
        hook = PegaseHook()
        list(hook.nomenclature("SerieBac"))
        list(hook.nomenclature("SerieBac"))
        assert hook.token_requests == 2
        assert not any(r.startswith("GET") and "401" in r for r in server.requests)


def test_a_wrong_password_is_a_clear_error_and_not_retried(
    pegase: FakePegase, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(monkeypatch, pegase.extras(), password="faux")
    with pytest.raises(PegaseError, match="authentification refusée : HTTP 401"):
        list(PegaseHook().nomenclature("SerieBac"))
    assert len([r for r in pegase.requests if r.startswith("POST")]) == 1


def test_5xx_are_retried_a_bounded_number_of_times(pegase: FakePegase) -> None:
    pegase.nomenclatures["SerieBac"] = [{"code": "S"}]
    pegase.fail_next = [503, 502]
    assert len(list(PegaseHook(wait_max=0.1).nomenclature("SerieBac"))) == 1
    pegase.fail_next = [503] * 10
    hook = PegaseHook(wait_max=0.1)
    with pytest.raises(PegaseUnreachableError, match="HTTP 503\\) après 3 essais"):
        list(hook.nomenclature("SerieBac"))


def test_an_unreachable_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fixtures.airflow import free_port

    base = f"http://127.0.0.1:{free_port()}"
    connect(monkeypatch, {"auth_url": base + "/cas/v1/tickets/", "ref_url": base + "/api/v1/ref/"})
    with pytest.raises(PegaseUnreachableError, match="Pégase injoignable"):
        list(PegaseHook(wait_max=0.1).nomenclature("SerieBac"))


def test_academic_years_page_by_page(pegase: FakePegase, monkeypatch: pytest.MonkeyPatch) -> None:
    years = [f"{2000 + i}" for i in range(1500)]
    pegase.periodes["ETAB1"] = [{"code": y, "libelle": y, "libelleLong": f"Année {y}"} for y in years]
    assert [p["code"] for p in PegaseHook().periodes()] == years
    connect(monkeypatch, pegase.extras("AUTRE"))
    with pytest.raises(PegaseError, match="Établissement inconnu"):
        list(PegaseHook().periodes())


def test_an_incomplete_connection_names_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps({"conn_type": "http", "login": "x"}))
    with pytest.raises(PegaseError, match="password, auth_url, ref_url manquant"):
        list(PegaseHook().nomenclature("SerieBac"))
