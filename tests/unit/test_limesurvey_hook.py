"""LimeSurveyHook against a local RemoteControl 2 server speaking the documented protocol."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import pytest
from dev.fakes.limesurvey import LOCKOUT, FakeLimeSurvey, Survey

from ecandidat_batches.hooks.limesurvey import LimeSurveyError, LimeSurveyHook, LimeSurveyUnreachableError


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLimeSurvey]:
    with FakeLimeSurvey() as server:
        monkeypatch.setenv(
            "AIRFLOW_CONN_LIMESURVEY_DEFAULT",
            json.dumps(
                {"conn_type": "http", "host": server.url, "login": "ecandidat", "password": "secret",
                 "extra": {"timeout": 2, "retries": 2}}
            ),
        )  # fmt: skip
        yield server


ROWS = [{"id": 1, "submitdate": "2026-11-01 10:00:00", "numDossier": "DEMO0001", "Q1": "Oui"}]


def test_one_session_per_run_released_at_the_end(fake: FakeLimeSurvey) -> None:
    fake.surveys[1] = Survey(responses=ROWS)
    fake.surveys[2] = Survey(responses=ROWS)
    hook = LimeSurveyHook()
    with hook.client() as client:
        for sid in (1, 2):
            assert json.loads(hook.export_responses(client, sid))["responses"][0]["Q1"] == "Oui"
    assert fake.calls.count("get_session_key") == 1
    assert fake.calls[-1] == "release_session_key"
    assert fake.sessions == {}


def test_session_released_even_when_the_block_fails(fake: FakeLimeSurvey) -> None:
    with pytest.raises(RuntimeError, match="boom"), LimeSurveyHook().client():
        raise RuntimeError("boom")
    assert fake.calls == ["get_session_key", "release_session_key"]


def test_completion_filter_and_long_answers_are_asked(fake: FakeLimeSurvey) -> None:
    fake.surveys[1] = Survey(responses=[*ROWS, {"id": 2, "submitdate": None, "numDossier": "X", "Q1": "?"}])
    hook = LimeSurveyHook()
    with hook.client() as client:
        rows = json.loads(hook.export_responses(client, 1))["responses"]
    assert [r["id"] for r in rows] == [1]


NO_PERMISSION = "pas de droit sur ce formulaire pour le compte de la connexion, ou formulaire inconnu"


@pytest.mark.parametrize(
    ("survey", "message"),
    [
        (None, f"{NO_PERMISSION} (No permission)"),
        (
            Survey(active=False),
            "formulaire non activé : aucune table de réponses (No Data, survey table does not exist.)",
        ),
        (Survey(permitted=False, responses=ROWS), f"{NO_PERMISSION} (No permission)"),
    ],
)
def test_business_errors_name_the_reason_in_french(
    fake: FakeLimeSurvey, survey: Survey | None, message: str
) -> None:
    """LimeSurvey's statuses are English: said in French, LimeSurvey's own text kept in parentheses."""
    if survey is not None:
        fake.surveys[7] = survey
    hook = LimeSurveyHook()
    with hook.client() as client, pytest.raises(LimeSurveyError) as failed:
        hook.export_responses(client, 7)
    assert str(failed.value) == message


def test_every_known_status_is_said_in_french() -> None:
    from ecandidat_batches.hooks.limesurvey import STATUSES, in_french

    for status, french in STATUSES.items():
        assert in_french(status) == f"{french} ({status})"
    assert (
        in_french(LOCKOUT)
        == f"trop de connexions refusées : LimeSurvey bloque ce compte 10 minutes ({LOCKOUT})"
    )
    assert in_french("Something new") == "LimeSurvey refuse la demande (Something new)"


def test_no_response_yet_is_not_an_error(fake: FakeLimeSurvey) -> None:
    fake.surveys[3] = Survey(responses=[])
    hook = LimeSurveyHook()
    with hook.client() as client:
        assert hook.export_responses(client, 3) is None


def test_wrong_password_and_lockout(fake: FakeLimeSurvey, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.password = "other"
    refused = (
        r"^connexion refusée par LimeSurvey : identifiant ou mot de passe refusé "
        r"\(Invalid user name or password\)$"
    )
    for _ in range(3):
        with pytest.raises(LimeSurveyError, match=refused), LimeSurveyHook().client():
            pass
    fake.password = "secret"
    with pytest.raises(LimeSurveyError, match="maximum login attempts"), LimeSurveyHook().client():
        pass
    assert LOCKOUT.startswith("You have exceeded")


def test_rpc_interface_off_is_reported(fake: FakeLimeSurvey) -> None:
    fake.rpc_enabled = False
    with (
        pytest.raises(LimeSurveyError, match="RemoteControl de LimeSurvey est désactivée"),
        LimeSurveyHook().client(),
    ):
        pass


def test_5xx_is_retried_then_succeeds(fake: FakeLimeSurvey) -> None:
    fake.surveys[1] = Survey(responses=ROWS)
    fake.fail_next = [503, 502]
    hook = LimeSurveyHook()
    with hook.client() as client:
        assert hook.export_responses(client, 1) is not None


def test_persistent_5xx_is_an_error(fake: FakeLimeSurvey) -> None:
    """``retries`` counts the retries after the first attempt (2 here: 3 requests), as the message says."""
    fake.fail_next = [500] * 10
    with (
        pytest.raises(LimeSurveyError, match=r"^erreur du serveur LimeSurvey \(HTTP 500 après 3 essais\)$"),
        LimeSurveyHook().client(),
    ):
        pass
    assert len(fake.fail_next) == 10 - 3


def test_a_stopped_server_is_unreachable(fake: FakeLimeSurvey) -> None:
    fake.server.shutdown()
    fake.server.server_close()
    with (
        pytest.raises(LimeSurveyUnreachableError, match=r"^LimeSurvey injoignable \(connexion impossible\)$"),
        LimeSurveyHook().client(),
    ):
        pass


def test_the_uri_form_of_the_connection(fake: FakeLimeSurvey, monkeypatch: pytest.MonkeyPatch) -> None:
    """Airflow's URI form puts the path in ``schema``; a wrong path is a 404 there."""
    fake.surveys[1] = Survey(responses=ROWS)
    port = fake.port
    monkeypatch.setenv(
        "AIRFLOW_CONN_LIMESURVEY_DEFAULT",
        f"http://ecandidat:secret@127.0.0.1:{port}/index.php/admin/remotecontrol",
    )
    assert LimeSurveyHook().settings()["url"] == fake.url
    hook = LimeSurveyHook()
    with hook.client() as client:
        assert hook.export_responses(client, 1) is not None
    monkeypatch.setenv(
        "AIRFLOW_CONN_LIMESURVEY_DEFAULT", f"http://ecandidat:secret@127.0.0.1:{port}/limesurvey"
    )
    with pytest.raises(LimeSurveyError, match="HTTP 404"), LimeSurveyHook().client():
        pass


def test_slow_server_times_out(fake: FakeLimeSurvey) -> None:
    fake.delay = 3.0  # the connection's timeout is 2 s
    started = time.monotonic()
    with (
        pytest.raises(LimeSurveyUnreachableError, match="LimeSurvey ne répond pas"),
        LimeSurveyHook().client(),
    ):
        pass
    assert time.monotonic() - started < 8


def test_expired_session_is_a_clear_error(fake: FakeLimeSurvey) -> None:
    fake.session_lifetime = 0.2
    fake.surveys[1] = Survey(responses=ROWS)
    hook = LimeSurveyHook()
    with hook.client() as client:
        time.sleep(0.3)
        with pytest.raises(LimeSurveyError, match="Invalid session key"):
            hook.export_responses(client, 1)


def test_undecodable_base64_is_reported(fake: FakeLimeSurvey) -> None:
    fake.surveys[1] = Survey(responses=ROWS, raw_result="not base64 at all!!")
    hook = LimeSurveyHook()
    with hook.client() as client, pytest.raises(LimeSurveyError, match="base64"):
        hook.export_responses(client, 1)


def test_missing_credentials_name_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_LIMESURVEY_DEFAULT", json.dumps({"conn_type": "http", "host": "https://x"})
    )
    with pytest.raises(LimeSurveyError, match="login, password manquant"):
        LimeSurveyHook().settings()


def test_fake_server_speaks_both_param_forms_and_error_channels(fake: FakeLimeSurvey) -> None:
    """The fake itself, on the wire: named params, malformed JSON, unknown method, notification."""
    import requests

    def post(body: str, ctype: str = "application/json") -> requests.Response:
        return requests.post(fake.url, data=body, headers={"Content-Type": ctype}, timeout=5)

    key = post(
        json.dumps(
            {"method": "get_session_key", "params": {"username": "ecandidat", "password": "secret"}, "id": 1}
        )
    ).json()["result"]
    assert len(key) == 32
    bad = post("{not json").json()
    assert bad == {"id": None, "result": None, "error": "unable to decode malformed json"}
    unknown = post(json.dumps({"method": "nope", "params": [], "id": 1}))
    assert unknown.status_code == 500
    assert "text/html" in unknown.headers["Content-Type"]
    named = post(json.dumps({"method": "release_session_key", "params": {"session_key": key}, "id": 1}))
    assert named.status_code == 500
    assert "Unknown named parameter $session_key" in named.text
    assert post(json.dumps({"method": "release_session_key", "params": [key], "id": 0})).text == ""
    assert (
        post(json.dumps({"method": "release_session_key", "params": [key], "id": 1}), "text/plain").text == ""
    )
    fake.surveys[5] = Survey(responses=ROWS)
    fake.v3_layout = True
    key = post(json.dumps({"method": "get_session_key", "params": ["ecandidat", "secret"], "id": 1})).json()[
        "result"
    ]
    exported = post(
        json.dumps(
            {
                "method": "export_responses",
                "params": [key, "5", "json", None, "complete", "code", "long"],
                "id": 9,
            }
        )
    ).json()
    assert exported["id"] == 9
    assert "jsonrpc" not in exported
    assert json.loads(base64.b64decode(exported["result"])) == {"responses": [{"1": ROWS[0]}]}
