"""Every route of the Admin > Batches page, served by the real API server with the plugin loaded.

A real DAG processor parses ``dags/`` (fixture ``batch_dags``); runs and rights go through the API
server as a browser's requests would, by bearer token or by the UI's ``_token`` cookie.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from tests.fixtures.airflow import DAGS, Client, csrf_of, row, wait_for

from ecandidat_batches.schedule.registry import ordered_codes

pytestmark = pytest.mark.slow
DEMO = "BATCH_DEMO"


def pending_runs(client: Client, code: str) -> list[dict[str, Any]]:
    return client.api("GET", f"/dags/{code}/dagRuns", params={"state": "queued"}).json()["dag_runs"]


@pytest.fixture(scope="module")
def admin(airflow_api: str, batch_dags: list[str]) -> Client:
    return Client(airflow_api, "admin")


@pytest.fixture(scope="module")
def lecteur(airflow_api: str, batch_dags: list[str]) -> Client:
    return Client(airflow_api, "lecteur")


@pytest.fixture(autouse=True)
def _clean_state(batch_dags: list[str]) -> None:
    from tests.fixtures.airflow import reset_batch_state

    reset_batch_state()


# -- reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/batches/"),
        ("GET", "/batches/historique?dag_id=BATCH_DEMO"),
        ("GET", "/batches/editer?dag_id=BATCH_DEMO"),
        ("POST", "/batches/editer?dag_id=BATCH_DEMO"),
        ("POST", "/batches/lancer"),
        ("POST", "/batches/annuler"),
        ("GET", "/batches/reprise"),
        ("POST", "/batches/reprise"),
        ("GET", "/batches/rendre"),
        ("POST", "/batches/rendre"),
        ("POST", "/batches/api/reprise"),
        ("POST", "/batches/api/rendre"),
    ],
)
def test_every_route_needs_a_login(airflow_api: str, method: str, path: str) -> None:
    response = requests.request(method, f"{airflow_api}{path}", data={"dag_id": DEMO}, timeout=30)
    assert response.status_code == 401


def test_the_table_shows_every_batch_of_the_registry(admin: Client, batch_dags: list[str]) -> None:
    response = admin.get("/batches/")
    assert response.status_code == 200
    page = response.text
    assert re.findall(r'<tr data-code="([A-Z_]+)"', page) == ordered_codes()
    for header in (
        "Code",
        "Libellé",
        "En service",
        "Lancement immédiat",
        "Programmation",
        "Dernière exécution",
    ):
        assert f'<th scope="col">{header}</th>' in page
    demo = row(page, DEMO)
    assert "Mise à zéro de l&#39;application" in demo
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in demo
    # A batch with a DAG shows its pause state; one without a DAG file here says so.
    assert 'aria-label="En service">' in row(page, batch_dags[0])
    assert "pas de DAG dans ce déploiement" in row(page, "BATCH_ASYNC_OPI_PJ")


def test_a_reader_sees_the_page_and_the_history_but_no_action(lecteur: Client) -> None:
    page = lecteur.get("/batches/").text
    assert "Historique</button>" in page
    for action in ("Éditer</button>", "Lancer immédiatement</button>", "Annuler le lancement</button>"):
        assert action not in page
    assert lecteur.get("/batches/historique", dag_id=DEMO).status_code == 200


def test_an_admin_sees_the_actions(admin: Client) -> None:
    page = admin.get("/batches/").text
    for action in ("Éditer</button>", "Lancer immédiatement</button>", "Annuler le lancement</button>"):
        assert action in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/batches/editer?dag_id=BATCH_DEMO"),
        ("POST", "/batches/editer?dag_id=BATCH_DEMO"),
        ("POST", "/batches/lancer"),
        ("POST", "/batches/annuler"),
        ("GET", "/batches/reprise"),
        ("POST", "/batches/reprise"),
        ("GET", "/batches/rendre"),
        ("POST", "/batches/rendre"),
        ("POST", "/batches/api/rendre"),
    ],
)
def test_the_server_refuses_every_action_to_a_reader(
    lecteur: Client, admin: Client, method: str, path: str
) -> None:
    data = {"dag_id": DEMO, "csrf_token": csrf_of(lecteur.get("/batches/").text), "heure": "1", "minute": "0"}
    response = lecteur.session.request(
        method, f"{lecteur.base}{path}", data=data, timeout=30, allow_redirects=False
    )
    assert response.status_code == 403
    assert pending_runs(admin, DEMO) == []
    assert admin.api("GET", "/variables/ecandidat_batches_programmations").status_code == 404


def test_an_unknown_batch_is_a_404_naming_it(admin: Client) -> None:
    response = admin.get("/batches/historique", dag_id="BATCH_INCONNU")
    assert response.status_code == 404
    assert "Batch inconnu : BATCH_INCONNU" in response.text
    response = admin.post("/batches/lancer", {"dag_id": "BATCH_INCONNU"})
    assert response.status_code == 404


def test_a_launch_of_a_batch_without_dag_is_refused_with_a_message(admin: Client) -> None:
    response = admin.post("/batches/lancer", {"dag_id": "BATCH_ASYNC_OPI_PJ"})
    assert response.status_code == 404
    assert "pas de DAG pour ce batch" in response.text


# -- Éditer -----------------------------------------------------------------------------------------


def test_the_edit_window_shows_the_current_programmation(admin: Client) -> None:
    page = admin.get("/batches/editer", dag_id=DEMO).text
    for day in ("lun", "mar", "mer", "jeu", "ven"):
        assert f'name="jours" value="{day}" checked' in page
    assert 'name="jours" value="sam">' in page
    assert 'name="heure" min="0" max="23" value="3"' in page
    assert 'name="minute" min="0" max="59" value="50"' in page
    assert 'name="en_service" value="oui">' in page  # paused at creation: not in service


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        ({"heure": "25", "minute": "0"}, ["Heure : 25 hors limites (de 0 à 23)"]),
        (
            {"heure": "abc", "minute": "7x"},
            ["Heure : nombre entier attendu (reçu « abc »)", "Minute : nombre entier attendu"],
        ),
        ({"mode": "frequence", "frequence": ""}, ["Fréquence (minutes) : valeur obligatoire"]),
        (
            {"heure": "1", "minute": "0", "jour_fixe": "31", "mois_fixe": "4"},
            ["Jour fixe : le 31/04 n&#39;existe pas"],
        ),
        (
            {"heure": "1", "minute": "0", "mois_fixe": "4"},
            ["Mois fixe : un mois fixe demande aussi un jour fixe"],
        ),
        ({"heure": "1", "minute": "0", "jours": "dimanche"}, ["Jours : jour inconnu « dimanche »"]),
    ],
)
def test_a_wrong_edit_is_refused_field_by_field_and_nothing_is_saved(
    admin: Client, fields: dict[str, str], messages: list[str]
) -> None:
    form = {"csrf_token": csrf_of(admin.get("/batches/").text), "en_service": ["non", "oui"], **fields}
    response = admin.post(f"/batches/editer?dag_id={DEMO}", form)
    assert response.status_code == 400
    assert "Le batch n'est pas enregistré" in response.text
    for message in messages:
        assert message in response.text
    # What the admin typed is shown again.
    assert f'value="{fields.get("heure", "")}"' in response.text or "heure" not in fields
    assert admin.api("GET", "/variables/ecandidat_batches_programmations").status_code == 404
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is True


def test_a_refused_edit_shows_what_was_typed(admin: Client) -> None:
    form = {
        "csrf_token": csrf_of(admin.get("/batches/").text),
        "jours": ["lun", "mer"],
        "heure": "25",
        "minute": "7",
    }
    page = admin.post(f"/batches/editer?dag_id={DEMO}", form).text
    assert 'name="jours" value="lun" checked' in page
    assert 'name="jours" value="mer" checked' in page
    assert 'name="jours" value="mar">' in page
    assert 'name="heure" min="0" max="23" value="25"' in page
    assert 'name="minute" min="0" max="59" value="7"' in page
    assert 'name="en_service" value="oui">' in page  # not ticked in the refused form


def test_an_edit_is_saved_and_applied_at_the_next_parse(admin: Client) -> None:
    form = {
        "csrf_token": csrf_of(admin.get("/batches/").text),
        "en_service": ["non", "oui"],  # what a browser sends for the ticked box (the hidden "non" first)
        "mode": "heure",
        "jours": ["lun", "mer"],
        "heure": "4",
        "minute": "15",
    }
    response = admin.post(f"/batches/editer?dag_id={DEMO}", form)
    assert response.status_code == 303
    assert response.headers["location"] == "./?msg=enregistre&dag_id=BATCH_DEMO"
    page = admin.get("/batches/", msg="enregistre", dag_id=DEMO).text
    assert "Batch BATCH_DEMO enregistré" in page
    demo = row(page, DEMO)
    assert "Tous les lun, mer à 04h15" in demo
    assert "(modifiée)" in demo
    assert 'disabled checked aria-label="En service">' in demo
    stored = json.loads(admin.api("GET", "/variables/ecandidat_batches_programmations").json()["value"])
    assert stored[DEMO]["jours"] == ["lun", "mer"]
    assert (stored[DEMO]["heure"], stored[DEMO]["minute"]) == (
        4,
        15,
    )
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is False
    # The DAG processor reparses the file at once (priority request) and the schedule follows.
    wait_for(
        lambda: (
            admin.api("GET", f"/dags/{DEMO}/details").json().get("timetable_summary")
            == "Tous les lun, mer à 04h15"
        ),
        90,
        "the new schedule to be parsed",
    )

    # Historique tells when it runs next: a Monday or a Wednesday at 04:15, Paris time.
    import datetime as dt

    text = wait_for(
        lambda: re.search(
            r"Prochaine exécution programmée : (\S+) à 04:15",
            admin.get("/batches/historique", dag_id=DEMO).text,
        ),
        60,
        "the next run to be computed",
    )
    assert dt.datetime.strptime(text.group(1), "%d/%m/%Y").weekday() in (0, 2)

    # "Programmation par défaut" goes back to the registry's and keeps the service state chosen.
    form = {"csrf_token": csrf_of(page), "action": "defaut", "en_service": ["non"]}
    assert admin.post(f"/batches/editer?dag_id={DEMO}", form).status_code == 303
    assert "(modifiée)" not in row(admin.get("/batches/").text, DEMO)
    assert admin.api("GET", f"/dags/{DEMO}").json()["is_paused"] is True


def test_two_quick_edits_both_save(admin: Client) -> None:
    """The second edit comes before the DAG processor took the first reparse request."""
    token = csrf_of(admin.get("/batches/").text)
    for minute in ("10", "20"):
        form = {"csrf_token": token, "jours": ["lun"], "heure": "5", "minute": minute}
        assert admin.post(f"/batches/editer?dag_id={DEMO}", form).status_code == 303
    assert "Tous les lun à 05h20" in row(admin.get("/batches/").text, DEMO)


# -- Lancer immédiatement / Annuler le lancement ----------------------------------------------------


def test_launch_is_pending_and_can_be_cancelled(admin: Client) -> None:
    token = csrf_of(admin.get("/batches/").text)
    response = admin.post("/batches/lancer", {"dag_id": DEMO, "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "./?msg=lance&dag_id=BATCH_DEMO"
    runs = pending_runs(admin, DEMO)
    assert [(r["run_type"], r["logical_date"], r["triggering_user_name"]) for r in runs] == [
        ("manual", None, "admin")
    ]
    page = admin.get("/batches/").text
    assert 'checked aria-label="Lancement immédiat"' in row(page, DEMO)

    again = admin.post("/batches/lancer", {"dag_id": DEMO})
    assert again.status_code == 409
    assert "un lancement immédiat est déjà en attente" in again.text
    assert len(pending_runs(admin, DEMO)) == 1

    assert admin.post("/batches/annuler", {"dag_id": DEMO}).status_code == 303
    assert pending_runs(admin, DEMO) == []
    assert 'checked aria-label="Lancement immédiat"' not in row(admin.get("/batches/").text, DEMO)
    nothing = admin.post("/batches/annuler", {"dag_id": DEMO})
    assert nothing.status_code == 409
    assert "aucun lancement immédiat en attente" in nothing.text


def test_only_launches_count_as_pending(admin: Client) -> None:
    """A queued scheduled run, or a manual run cleared to run again, is not a "Lancement immédiat"."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import update

    for run_id in ("programme", "relance"):
        body = {"logical_date": None, "dag_run_id": run_id}
        assert admin.api("POST", f"/dags/{DEMO}/dagRuns", json=body).status_code == 200
    with create_session() as session:  # what the scheduler and a "Clear" in the UI would leave
        session.execute(update(DagRun).where(DagRun.run_id == "programme").values(run_type="scheduled"))
        session.execute(update(DagRun).where(DagRun.run_id == "relance").values(clear_number=1))
        # the cleared run's task already ran once
        session.execute(update(TaskInstance).where(TaskInstance.run_id == "relance").values(try_number=1))
    assert 'checked aria-label="Lancement immédiat"' not in row(admin.get("/batches/").text, DEMO)
    refused = admin.post("/batches/annuler", {"dag_id": DEMO})
    assert refused.status_code == 409
    assert "aucun lancement immédiat en attente" in refused.text
    assert admin.post("/batches/lancer", {"dag_id": DEMO}).status_code == 303
    assert admin.post("/batches/annuler", {"dag_id": DEMO}).status_code == 303
    left = {r["dag_run_id"] for r in admin.api("GET", f"/dags/{DEMO}/dagRuns").json()["dag_runs"]}
    assert left == {"programme", "relance"}


def test_actions_are_in_airflow_audit_log(admin: Client) -> None:
    token = csrf_of(admin.get("/batches/").text)
    form = {"csrf_token": token, "jours": ["mar"], "heure": "6", "minute": "0"}
    assert admin.post(f"/batches/editer?dag_id={DEMO}", form).status_code == 303
    assert admin.post("/batches/lancer", {"dag_id": DEMO}).status_code == 303
    assert admin.post("/batches/annuler", {"dag_id": DEMO}).status_code == 303
    logs = admin.api("GET", "/eventLogs", params={"dag_id": DEMO, "order_by": "id", "limit": 100}).json()
    ours = [
        (e["event"], e["owner"]) for e in logs["event_logs"] if e["event"].startswith("ecandidat_batches.")
    ]
    assert ours[-3:] == [
        ("ecandidat_batches.editer", "admin"),
        ("ecandidat_batches.lancer", "admin"),
        ("ecandidat_batches.annuler", "admin"),
    ]
    edit = [e for e in logs["event_logs"] if e["event"] == "ecandidat_batches.editer"][-1]
    assert json.loads(edit["extra"]) == {"en_service": None, "programmation": "Tous les mar à 06h00"}


def test_launch_and_cancel_are_refused_while_the_batch_runs(admin: Client) -> None:
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import update

    assert admin.post("/batches/lancer", {"dag_id": DEMO}).status_code == 303
    with create_session() as session:  # the scheduler would do this; none runs here
        session.execute(update(DagRun).where(DagRun.dag_id == DEMO).values(state="running"))
    for action in ("lancer", "annuler"):
        response = admin.post(f"/batches/{action}", {"dag_id": DEMO})
        assert response.status_code == 409
        assert "le batch est en cours d&#39;exécution" in response.text
    runs = admin.api("GET", f"/dags/{DEMO}/dagRuns").json()["dag_runs"]
    assert [r["state"] for r in runs] == ["running"]


# -- cross-site requests ----------------------------------------------------------------------------


def test_cookie_authenticated_actions_need_the_page_token(airflow_api: str) -> None:
    browser = Client(airflow_api, "admin", cookie=True)
    page = browser.get("/batches/")
    assert page.status_code == 200  # the UI's cookie is enough to read
    token = csrf_of(page.text)
    other = csrf_of(Client(airflow_api, "lecteur", cookie=True).get("/batches/").text)
    for data, why in (
        ({"dag_id": DEMO}, "jeton de formulaire absent"),
        ({"dag_id": DEMO, "csrf_token": token[:-4] + "AAAA"}, "jeton de formulaire invalide"),
        ({"dag_id": DEMO, "csrf_token": other}, "jeton de formulaire d&#39;un autre utilisateur"),
    ):
        response = browser.post("/batches/lancer", data)
        assert response.status_code == 403, why
        assert why.replace("&#39;", "'") in response.json()["detail"]
    evil = browser.post(
        "/batches/lancer", {"dag_id": DEMO, "csrf_token": token}, headers={"Origin": "http://evil.example"}
    )
    assert evil.status_code == 403
    assert "evil.example" in evil.json()["detail"]
    assert pending_runs(Client(airflow_api, "admin"), DEMO) == []

    # The edit window and the cancel button are protected the same way.
    edit = browser.post(f"/batches/editer?dag_id={DEMO}", {"heure": "1", "minute": "0", "jours": ["lun"]})
    assert edit.status_code == 403
    assert "jeton de formulaire absent" in edit.json()["detail"]
    assert browser.post("/batches/annuler", {"dag_id": DEMO}).status_code == 403
    admin = Client(airflow_api, "admin")
    assert admin.api("GET", "/variables/ecandidat_batches_programmations").status_code == 404

    # An empty Bearer credential does not replace the cookie for Airflow: the token is still required.
    empty = browser.post("/batches/lancer", {"dag_id": DEMO}, headers={"Authorization": "Bearer "})
    assert empty.status_code == 403
    assert "jeton de formulaire absent" in empty.json()["detail"]
    # A non-Bearer Authorization header does not replace the cookie: the token is still required.
    basic = browser.post("/batches/lancer", {"dag_id": DEMO}, headers={"Authorization": "Basic YWRtaW46eA=="})
    assert basic.status_code == 403
    assert "jeton de formulaire absent" in basic.json()["detail"]

    ok = browser.post(
        "/batches/lancer", {"dag_id": DEMO, "csrf_token": token}, headers={"Origin": airflow_api}
    )
    assert ok.status_code == 303
    assert len(pending_runs(Client(airflow_api, "admin"), DEMO)) == 1


# -- Historique -------------------------------------------------------------------------------------


def test_history_is_newest_first_and_paged(admin: Client) -> None:
    import datetime as dt

    winter = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    # Created newest first, so that the page's order (run_after) differs from the creation order.
    for i in range(22, -1, -1):
        when = dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC) if i == 22 else winter + dt.timedelta(hours=i)
        body = {"logical_date": None, "dag_run_id": f"essai_{i:02d}", "run_after": when.isoformat()}
        assert admin.api("POST", f"/dags/{DEMO}/dagRuns", json=body).status_code == 200
    first = admin.get("/batches/historique", dag_id=DEMO)
    assert first.status_code == 200
    ids = re.findall(r'data-run-id="([^"]+)"', first.text)
    assert ids == [f"essai_{i:02d}" for i in range(22, 2, -1)]
    assert "23 exécutions" in first.text
    assert "Page 1 / 2" in first.text
    assert 'href="../dags/BATCH_DEMO/runs/essai_22" target="_top">Détail et journaux</a>' in first.text
    assert "Hors service : aucune exécution programmée." in first.text
    assert "EN ATTENTE" in first.text
    assert "demandé le 05/07/2026 10:00:00" in first.text  # 08:00 UTC in summer: UTC+2
    assert "demandé le 05/01/2026 12:00:00" in first.text  # essai_03, 11:00 UTC in winter: UTC+1
    second = admin.get("/batches/historique", dag_id=DEMO, page=2)
    assert re.findall(r'data-run-id="([^"]+)"', second.text) == ["essai_02", "essai_01", "essai_00"]
    assert admin.get("/batches/historique", dag_id=DEMO, page=0).status_code == 422


def test_history_escapes_what_it_shows(admin: Client) -> None:
    body = {"logical_date": None, "note": "<script>alert(1)</script>"}
    assert admin.api("POST", f"/dags/{DEMO}/dagRuns", json=body).status_code == 200
    page = admin.get("/batches/historique", dag_id=DEMO).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_history_shows_a_finished_run_with_its_summary(admin: Client, app_db: Any) -> None:
    from airflow.dag_processing.dagbag import DagBag

    code = "BATCH_APP_EN_MAINT"
    dag = DagBag(dag_folder=str(DAGS / f"{code.lower()}.py")).dags[code]
    assert str(dag.test(logical_date=None).state) == "success"
    page = admin.get("/batches/historique", dag_id=code).text
    assert re.search(
        r'class="etat-FINISH">FINISH</td>\s*<td data-label="Début">\d\d/\d\d/\d{4} \d\d:\d\d:\d\d', page
    )
    assert re.search(
        r"<li>\d\d/\d\d/\d{4} \d\d:\d\d:\d\d - Maintenance demandée : TECH_IS_MAINTENANCE : N -&gt; O", page
    )
    last = row(admin.get("/batches/").text, code)
    assert re.search(
        r"FINISH - Deb : \d\d/\d\d/\d{4} \d\d:\d\d:\d\d - Fin : \d\d:\d\d:\d\d - Durée : \d\dmin \d\dsec",
        last,
    )
