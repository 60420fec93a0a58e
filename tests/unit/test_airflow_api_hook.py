"""AirflowApiHook against a local HTTP server speaking Airflow's REST API v2 auth and paging."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dev.fakes.airflow_api import FakeAirflowApi

from ecandidat_batches.hooks.airflow_api import AirflowApiError, AirflowApiHook, AirflowApiUnreachableError


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAirflowApi]:
    with FakeAirflowApi() as server:
        monkeypatch.setenv(
            "AIRFLOW_CONN_FAKE_API",
            json.dumps(
                {
                    "conn_type": "http",
                    "host": "127.0.0.1",
                    "port": server.port,
                    "login": "admin",
                    "password": "secret",
                }
            ),
        )
        yield server


def hook(**kwargs: float) -> AirflowApiHook:
    return AirflowApiHook("fake_api", wait_max=0.05, **kwargs)


def test_token_is_fetched_once_and_reused(fake: FakeAirflowApi) -> None:
    h = hook()
    for _ in range(5):
        assert h.api("GET", "/flaky").json() == {"ok": True}
    assert fake.tokens_issued == 1


def test_token_is_renewed_before_it_expires(fake: FakeAirflowApi) -> None:
    fake.token_lifetime = 61.0  # inside the hook's 60 s safety margin once a second has passed
    h = hook()
    h.api("GET", "/flaky")
    time.sleep(1.1)
    h.api("GET", "/flaky")
    assert fake.tokens_issued == 2


def test_a_401_renews_the_token_once(fake: FakeAirflowApi) -> None:
    h = hook()
    h.api("GET", "/flaky")
    fake.revoked.update(fake.tokens)  # e.g. the server's jwt_secret changed
    assert h.api("GET", "/flaky").status_code == 200
    assert fake.tokens_issued == 2


def test_wrong_password_is_a_clear_error(fake: FakeAirflowApi) -> None:
    fake.users["admin"] = "other"
    with pytest.raises(AirflowApiError, match=r"/auth/token -> 401: Invalid credentials"):
        hook().api("GET", "/flaky")


@pytest.mark.parametrize("statuses", [[503], [500, 502], [429, 504]])
def test_5xx_and_429_are_retried(fake: FakeAirflowApi, statuses: list[int]) -> None:
    fake.flaky = list(statuses)
    assert hook().api("GET", "/flaky").json() == {"ok": True}
    assert sum(1 for c in fake.calls if c == ("GET", "/api/v2/flaky")) == len(statuses) + 1


def test_retries_are_bounded(fake: FakeAirflowApi) -> None:
    fake.flaky = [503] * 10
    with pytest.raises(AirflowApiError, match="-> 503"):
        hook(retries=2).api("GET", "/flaky")
    assert sum(1 for c in fake.calls if c == ("GET", "/api/v2/flaky")) == 3


def test_4xx_is_not_retried(fake: FakeAirflowApi) -> None:
    with pytest.raises(AirflowApiError, match="GET /api/v2/bad -> 400: bad request body"):
        hook().api("GET", "/bad")
    assert sum(1 for c in fake.calls if c == ("GET", "/api/v2/bad")) == 1


def test_connection_errors_are_retried_then_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    with FakeAirflowApi() as server:
        port = server.port
    monkeypatch.setenv(
        "AIRFLOW_CONN_FAKE_API",
        json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": port, "login": "a", "password": "b"}),
    )
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        hook(retries=2).api("GET", "/flaky")
    assert time.monotonic() - started < 5


def test_listing_pages_beyond_one_page(fake: FakeAirflowApi) -> None:
    fake.runs = [{"dag_id": f"BATCH_{i % 3}", "dag_run_id": f"run_{i}"} for i in range(250)]
    runs = list(hook().iter_dag_runs(dag_ids=["BATCH_0", "BATCH_1", "BATCH_2"]))
    assert [r["dag_run_id"] for r in runs] == [f"run_{i}" for i in range(250)]
    assert sum(1 for c in fake.calls if c[1] == "/api/v2/dags/~/dagRuns/list") == 3


def test_missing_login_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_FAKE_API", json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": 1})
    )
    with pytest.raises(ValueError, match="needs a login and a password"):
        hook().api("GET", "/x")


def test_a_private_ca_from_the_connection_serves_the_token_request_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With ``verify`` pointing at the university's CA, every call works over HTTPS, ``/auth/token`` first."""
    from dev.fakes.tls import private_ca

    ca, context = private_ca(tmp_path)
    with FakeAirflowApi(tls=context) as server:
        conn = {"conn_type": "http", "host": "127.0.0.1", "port": server.port, "schema": "https",
                "login": "admin", "password": "secret"}  # fmt: skip
        monkeypatch.setenv("AIRFLOW_CONN_FAKE_API", json.dumps({**conn, "extra": {"verify": str(ca)}}))
        assert hook().api("GET", "/flaky").json() == {"ok": True}
        assert server.tokens_issued == 1
        # Without the CA the certificate is refused: the setting is what makes it work.
        monkeypatch.setenv("AIRFLOW_CONN_FAKE_API", json.dumps(conn))
        with pytest.raises(AirflowApiUnreachableError, match="extra « verify » de la connexion fake_api"):
            hook().api("GET", "/flaky")
