"""The Batches page and the programmation writers, tried as an attacker and as a clumsy admin would.

Against the real API server and DAG processor, as ``test_batches_page.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from tests.fixtures.airflow import Client, csrf_of, row

from ecandidat_batches.schedule.overrides import VARIABLE_KEY

pytestmark = pytest.mark.slow
DEMO = "BATCH_DEMO"


@pytest.fixture(scope="module")
def clients(airflow_api: str, batch_dags: list[str]) -> dict[str, Client]:
    return {user: Client(airflow_api, user) for user in ("admin", "operateur", "gestion", "lecteur")}


@pytest.fixture(autouse=True)
def _clean_state(batch_dags: list[str]) -> None:
    from tests.fixtures.airflow import reset_batch_state

    reset_batch_state()


def stored(admin: Client) -> dict[str, Any]:
    response = admin.api("GET", f"/variables/{VARIABLE_KEY}")
    return {} if response.status_code == 404 else json.loads(response.json()["value"])


def edit_form(page: str, **fields: Any) -> dict[str, Any]:
    return {"csrf_token": csrf_of(page), "mode": "heure", **fields}


# -- 2. no acknowledged edit is lost ----------------------------------------------------------------


def test_concurrent_writers_through_every_path_lose_nothing(clients: dict[str, Client]) -> None:
    """Page edits and CLI writes at the same time, on different batches: every one survives."""
    from ecandidat_batches.admin import cli

    admin = clients["admin"]
    page = admin.get("/batches/").text
    cli_codes = ["BATCH_ARCHIVAGE", "BATCH_NETTOYAGE_CPT", "BATCH_DESTRUCT_DOSSIER", "BATCH_SYNC_LIMESURVEY"]
    page_codes = ["BATCH_DEMO", "BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE", "BATCH_NETTOYAGE"]
    answers: dict[str, Any] = {}
    start = threading.Barrier(len(cli_codes) + len(page_codes))

    def by_cli(code: str, minute: int) -> None:
        start.wait()
        answers[code] = cli.write(code, f"Tous les mar à 05h{minute:02d}")["programmation"]

    def by_page(code: str, minute: int) -> None:
        start.wait()
        form = edit_form(page, jours=["mar"], heure="5", minute=str(minute))
        answers[code] = Client(admin.base, "admin").post(f"/batches/editer?dag_id={code}", form).status_code

    threads = [threading.Thread(target=by_cli, args=(c, i)) for i, c in enumerate(cli_codes)]
    threads += [threading.Thread(target=by_page, args=(c, 10 + i)) for i, c in enumerate(page_codes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert answers == {
        **{c: f"Tous les mar à 05h{i:02d}" for i, c in enumerate(cli_codes)},
        **dict.fromkeys(page_codes, 303),
    }
    final = stored(admin)
    assert sorted(final) == sorted(cli_codes + page_codes)
    assert {c: final[c]["minute"] for c in cli_codes} == {c: i for i, c in enumerate(cli_codes)}
    assert {c: final[c]["minute"] for c in page_codes} == {c: 10 + i for i, c in enumerate(page_codes)}


# -- 3. "En service" is never flipped by accident ---------------------------------------------------


@pytest.mark.parametrize("value", ["0", "false", "non ", "1", "on"])
def test_unknown_en_service_values_are_refused(clients: dict[str, Client], value: str) -> None:
    admin = clients["admin"]
    form = edit_form(admin.get("/batches/").text, jours=["lun"], heure="4", minute="0", en_service=value)
    response = admin.post(f"/batches/editer?dag_id={DEMO}", form)
    assert response.status_code == 400
    assert "En service : valeur « " in response.text
    assert stored(admin) == {}
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is True


def test_a_missing_en_service_changes_nothing(clients: dict[str, Client]) -> None:
    admin = clients["admin"]
    admin.api("PATCH", f"/dags/{DEMO}", json={"is_paused": False})
    form = edit_form(admin.get("/batches/").text, jours=["lun"], heure="4", minute="0")  # an API client
    assert admin.post(f"/batches/editer?dag_id={DEMO}", form).status_code == 303
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is False
    form["en_service"] = ["non"]  # the form with the box unticked
    assert admin.post(f"/batches/editer?dag_id={DEMO}", form).status_code == 303
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is True


# -- 5. rights: Éditer writes a Variable ------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "allowed"), [("admin", True), ("operateur", True), ("gestion", False), ("lecteur", False)]
)
def test_editing_needs_the_right_to_edit_variables_too(
    clients: dict[str, Client], user: str, allowed: bool
) -> None:
    client = clients[user]
    page = client.get("/batches/").text
    assert ('formaction="editer"' in page) is allowed
    response = client.post(
        f"/batches/editer?dag_id={DEMO}", edit_form(page, jours=["lun"], heure="4", minute="0")
    )
    assert response.status_code == (303 if allowed else 403)
    api = client.session.put(
        f"{client.base}/batches/api/programmations/{DEMO}",
        json={"programmation": "Tous les lun à 04h00"},
        timeout=60,
    )
    assert api.status_code == (200 if allowed else 403)
    # Airflow's own rule agrees: the same user may (or may not) write the Variable itself.
    body = {"key": "essai_droits", "value": "1"}
    assert (client.api("POST", "/variables", json=body).status_code in (201, 409)) is allowed
    clients["admin"].api("DELETE", "/variables/essai_droits")


# -- 1. any stored value leaves the page usable -----------------------------------------------------


def test_a_deeply_nested_stored_value_leaves_the_page_usable(clients: dict[str, Client]) -> None:
    from airflow.models.variable import Variable
    from airflow.utils.session import create_session

    with create_session() as session:  # as `airflow variables set` writes it
        session.add(Variable(key=VARIABLE_KEY, val='{"BATCH_DEMO": ' + "[" * 5000 + "]" * 5000 + "}"))
    admin = clients["admin"]
    for path in ("/batches/", f"/batches/editer?dag_id={DEMO}", f"/batches/historique?dag_id={DEMO}"):
        assert admin.get(path).status_code == 200, path
    demo = row(admin.get("/batches/").text, DEMO)
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in demo
    assert "⚠ la variable ecandidat_batches_programmations n&#39;est pas du JSON valide" in demo
    page = admin.get("/batches/").text
    response = admin.post(
        f"/batches/editer?dag_id={DEMO}", edit_form(page, jours=["lun"], heure="4", minute="0")
    )
    assert response.status_code == 409
    assert "la valeur enregistrée est illisible" in response.text


# -- 6. odd input is a 4xx, never a 500 -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/batches/historique?dag_id=BATCH_DEMO&page=99999999999999999999999999",
        "/batches/historique?dag_id=BATCH_DEMO&page=100001",
        "/batches/historique?dag_id=BATCH%00DEMO",
        "/batches/historique?dag_id=%F0%9F%92%A5%27%22%3C",
        "/batches/editer?dag_id=BATCH_DEMO%00",
        "/batches/editer?dag_id=" + "X" * 5000,
        "/batches/api/programmations/BATCH%00DEMO",
    ],
)
def test_odd_input_is_refused_not_a_server_error(clients: dict[str, Client], path: str) -> None:
    admin = clients["admin"]
    method = "PUT" if "/api/" in path else "GET"
    response = admin.session.request(method, f"{admin.base}{path}", json={}, timeout=60)
    assert response.status_code in (400, 404, 422), (path, response.status_code)


@pytest.mark.parametrize(
    "body",
    [
        '{"programmation": "Toutes les ' + "9" * 5000 + ' min"}',
        '{"programmation": "{\\"frequence\\": ' + "9" * 5000 + '}"}',
        '{"programmation": {"frequence": ' + "9" * 5000 + "}}",
    ],
)
def test_a_5000_digit_frequency_is_a_400_never_a_500(clients: dict[str, Client], body: str) -> None:
    """Issue 27 item 9: the API route answered 500 (``int()`` refuses more than 4,300 digits)."""
    admin = clients["admin"]
    response = admin.session.put(
        f"{admin.base}/batches/api/programmations/{DEMO}",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert len(response.text) < 400
    if '"Toutes les' in body:
        assert response.json()["detail"].startswith("Refusé : BATCH_DEMO : frequence : un nombre de 5000")
    assert stored(admin) == {}


def test_lancer_with_a_nul_byte_is_a_404(clients: dict[str, Client]) -> None:
    admin = clients["admin"]
    response = admin.post("/batches/lancer", {"dag_id": "BATCH\x00DEMO", "csrf_token": "x"})
    assert response.status_code == 404


# -- 9. a DAG file that does not parse --------------------------------------------------------------


def test_a_dag_file_in_error_is_shown_and_refuses_launch_and_edit(clients: dict[str, Client]) -> None:
    from airflow.models.errors import ParseImportError
    from airflow.utils.session import create_session

    with create_session() as session:  # what the DAG processor records for a broken file
        error = ParseImportError(
            filename="batch_demo.py",
            bundle_name="dags-folder",
            stacktrace='Traceback (most recent call last):\n  ...\nNameError: name "oops" is not defined',
            timestamp=dt.datetime.now(dt.UTC),
        )
        session.add(error)
        session.flush()
        error_id = error.id
    try:
        admin = clients["admin"]
        page = admin.get("/batches/").text
        assert "⚠ fichier du DAG en erreur : NameError: name &#34;oops&#34; is not defined" in row(page, DEMO)
        assert 'data-lancer="0"' in row(page, DEMO)
        launch = admin.post("/batches/lancer", {"dag_id": DEMO, "csrf_token": csrf_of(page)})
        assert launch.status_code == 409
        assert "BATCH_DEMO : fichier du DAG en erreur, lancement refusé" in launch.text
        edit = admin.post(
            f"/batches/editer?dag_id={DEMO}", edit_form(page, jours=["lun"], heure="4", minute="0")
        )
        assert edit.status_code == 409
        assert "fichier du DAG en erreur, modification refusée" in edit.text
    finally:
        with create_session() as session:
            session.query(ParseImportError).filter(ParseImportError.id == error_id).delete()


# -- 11. only Airflow's own UI may frame the page ---------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/batches/", f"/batches/historique?dag_id={DEMO}", f"/batches/editer?dag_id={DEMO}"]
)
def test_the_page_may_only_be_framed_by_airflow(clients: dict[str, Client], path: str) -> None:
    response = clients["admin"].get(path)
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


# -- 8. bounds on the batches' params ---------------------------------------------------------------


@pytest.mark.parametrize(("seuil", "accepted"), [(0.002, False), (0.25, True), (5000, False), (4, True)])
def test_nettoyage_threshold_is_bounded_at_launch(
    clients: dict[str, Client], seuil: float, accepted: bool
) -> None:
    """Too small would interrupt batches that just started; Airflow refuses the launch with the reason."""
    admin = clients["admin"]
    body = {"logical_date": None, "conf": {"seuil_heures": seuil}}
    response = admin.api("POST", "/dags/BATCH_NETTOYAGE/dagRuns", json=body)
    assert response.status_code == (200 if accepted else 400), response.text
    if not accepted:
        assert "seuil_heures" in response.text
