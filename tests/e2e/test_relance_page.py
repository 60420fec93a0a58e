"""BATCH_RELANCE_TRANSMISSION on the Batches page and in the CLI, served by the real API server: listed
after eCandidat's sixteen and marked as added; its settings edited, refused field by field with
nothing saved, stored in their Airflow Variable, read by the batch's run; the rights they need."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.airflow import DAGS, Client, csrf_of, row

from ecandidat_batches.relance import reglages
from ecandidat_batches.schedule.registry import BATCHES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CODE = "BATCH_RELANCE_TRANSMISSION"
KEY = reglages.VARIABLE_KEY


@pytest.fixture(scope="module")
def admin(airflow_api: str, batch_dags: list[str]) -> Client:
    return Client(airflow_api, "admin")


@pytest.fixture(autouse=True)
def _no_settings(batch_dags: list[str]) -> Any:
    from tests.fixtures.airflow import reset_batch_state

    reset_batch_state()
    _delete()
    yield
    _delete()


def _delete() -> None:
    from airflow.models.variable import Variable

    Variable.delete(KEY)


def stored(admin: Client) -> dict[str, Any] | None:
    response = admin.api("GET", f"/variables/{KEY}")
    return None if response.status_code == 404 else json.loads(response.json()["value"])


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    return subprocess.run([sys.executable, "-m", "ecandidat_batches.admin.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/batches/relance"), ("POST", "/batches/relance"), ("GET", "/batches/api/relance"),
     ("PUT", "/batches/api/relance")],
)  # fmt: skip
def test_every_route_needs_a_login(airflow_api: str, method: str, path: str) -> None:
    import requests

    assert (
        requests.request(method, f"{airflow_api}{path}", data={"delais": "1"}, timeout=30).status_code == 401
    )


def test_listed_after_ecandidat_s_sixteen_and_marked_as_added(admin: Client) -> None:
    page = admin.get("/batches/").text
    codes = re.findall(r'<tr data-code="([A-Z_]+)"', page)
    assert codes[-1] == CODE
    assert codes[:-1] == sorted(c for c in BATCHES if c != CODE)
    assert "(ajouté par ce paquet)" in row(page, CODE)
    assert "(ajouté par ce paquet)" not in row(page, "BATCH_RELANCE_FAVO")
    assert "Tous les lun, mar, mer, jeu, ven, sam, dim à 06h30" in row(page, CODE)
    # Its Éditer window leads to its settings; another batch's does not.
    assert 'href="relance">Réglages de la relance</a>' in admin.get("/batches/editer", dag_id=CODE).text
    assert "Réglages de la relance" not in admin.get("/batches/editer", dag_id="BATCH_DEMO").text
    listing = cli("list")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.splitlines()[-1].startswith(
        f"{CODE}  Relance des candidatures non transmises (ajouté"
    )


def test_the_settings_page_shows_the_defaults(admin: Client) -> None:
    page = admin.get("/batches/relance").text
    assert 'name="delais" value="7, 2"' in page
    assert '<textarea name="formations" rows="3" cols="70"></textarea>' in page
    assert f'name="sujet" value="{reglages.DEFAULT_SUJET.replace(chr(39), "&#39;")}"' in page
    assert "(modèle par défaut)" in page
    assert "<code>${formation.datRetour}</code>" in page


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        (
            {"delais": "7, deux"},
            ["Délais (jours avant la date limite) : « deux » n&#39;est pas un nombre de jours"],
        ),
        ({"delais": "400"}, ["« 400 » jours hors limites (de 0 à 365)"]),
        ({"formations": "M1-MIAGE " + "X" * 60}, ["Formations : « XXXX"]),
        (
            {"sujet": "", "corps": "Bonjour ${candidat.nom}"},
            ["Objet du mail : valeur obligatoire", "Corps du mail : variable inconnue ${candidat.nom}"],
        ),
    ],
)
def test_a_bad_value_is_refused_field_by_field_and_nothing_is_saved(
    admin: Client, fields: dict[str, str], messages: list[str]
) -> None:
    form = {"csrf_token": csrf_of(admin.get("/batches/relance").text), "delais": "7, 2", "formations": "",
            "sujet": "Objet", "corps": "Corps", **fields}  # fmt: skip
    response = admin.post("/batches/relance", form)
    assert response.status_code == 400
    assert "Les réglages ne sont pas enregistrés" in response.text
    for message in messages:
        assert message in response.text
    assert f'name="delais" value="{form["delais"]}"' in response.text, "what was typed is shown again"
    assert stored(admin) is None


def test_saved_audited_and_the_default_mail_again(admin: Client) -> None:
    form = {"csrf_token": csrf_of(admin.get("/batches/relance").text), "delais": "2 ; 10",
            "formations": "M1-MIAGE\nL3-INFO", "sujet": "Dossier ${candidat.numDossierOpi}",
            "corps": "<p>Avant le ${formation.datRetour}</p>"}  # fmt: skip
    response = admin.post("/batches/relance", form)
    assert response.status_code == 303
    assert response.headers["location"] == f"./?msg=relance&dag_id={CODE}"
    assert f"Réglages de {CODE} enregistrés" in admin.get("/batches/", msg="relance", dag_id=CODE).text
    assert stored(admin) == {"delais": [10, 2], "formations": ["L3-INFO", "M1-MIAGE"],
                             "sujet": "Dossier ${candidat.numDossierOpi}",
                             "corps": "<p>Avant le ${formation.datRetour}</p>"}  # fmt: skip
    page = admin.get("/batches/relance").text
    assert 'name="delais" value="10, 2"' in page
    assert "(modèle par défaut)" not in page
    logs = admin.api("GET", "/eventLogs", params={"dag_id": CODE, "order_by": "id", "limit": 100}).json()
    events = [e for e in logs["event_logs"] if e["event"] == "ecandidat_batches.relance"]
    assert (events[-1]["owner"], json.loads(events[-1]["extra"])["delais"]) == ("admin", [10, 2])

    form |= {"csrf_token": csrf_of(page), "action": "modele"}
    assert admin.post("/batches/relance", form).status_code == 303
    assert stored(admin) == {"delais": [10, 2], "formations": ["L3-INFO", "M1-MIAGE"]}


def test_only_who_may_edit_the_batch_and_the_variables_changes_them(airflow_api: str, admin: Client) -> None:
    for user in ("lecteur", "gestion"):  # a viewer; a user who may edit DAGs but not the Variables
        client = Client(airflow_api, user)
        token = csrf_of(client.get("/batches/").text)
        assert client.get("/batches/relance").status_code == 403
        response = client.post("/batches/relance", {"csrf_token": token, "delais": "1"})
        assert response.status_code == 403
        assert "modifier les réglages de la relance demande le droit" in response.json()["detail"]
        assert (
            client.session.put(
                f"{airflow_api}/batches/api/relance", json={"delais": "1"}, timeout=30
            ).status_code
            == 403
        )
    assert Client(airflow_api, "lecteur").get("/batches/api/relance").status_code == 200, "reading is allowed"
    assert stored(admin) is None


def test_the_cli_shows_changes_and_refuses_then_the_run_reads_them(admin: Client, tmp_path: Path) -> None:
    shown = cli("relance")
    assert shown.returncode == 0, shown.stderr
    assert f"{CODE} : délais 7, 2 jours ; toutes les formations" in shown.stdout
    assert "Mail (modèle par défaut) :" in shown.stdout

    refused = cli("relance", "--delais", "5, cinq")
    assert refused.returncode == 2
    assert (
        "Refusé : Délais (jours avant la date limite) : « cinq » n'est pas un nombre de jours"
        in refused.stderr
    )
    body = tmp_path / "corps.html"
    body.write_text("<p>${candidat.nom}</p>", encoding="utf-8")
    refused = cli("relance", "--corps-fichier", str(body))
    assert refused.returncode == 2
    assert "Corps du mail : variable inconnue ${candidat.nom}" in refused.stderr
    assert stored(admin) is None, "nothing saved"

    done = cli("relance", "--delais", "5", "--formations", "M1-MIAGE")
    assert done.returncode == 0, done.stderr
    assert f"{CODE} : délais 5 jours ; formations M1-MIAGE" in done.stdout
    body.write_text("<p>${candidat.prenom}</p>", encoding="utf-8")
    assert cli("relance", "--corps-fichier", str(body)).returncode == 0
    assert stored(admin) == {"delais": [5], "formations": ["M1-MIAGE"], "corps": "<p>${candidat.prenom}</p>"}
    assert cli("relance", "--formations", "").returncode == 0
    assert stored(admin)["formations"] == []  # type: ignore[index]

    # A value edited by hand: the CLI's partial change is refused, naming it; the page's form repairs it.
    admin.api("PATCH", f"/variables/{KEY}", json={"key": KEY, "value": '{"delais": "5"}'})
    refused = cli("relance", "--delais", "3")
    assert refused.returncode == 2
    assert f"la variable {KEY} ne se lit pas" in refused.stderr
    page = admin.get("/batches/relance").text
    assert "Le batch échoue sans relancer personne" in page
    form = {"csrf_token": csrf_of(page), "delais": "3", "formations": "", "action": "modele"}
    assert admin.post("/batches/relance", form).status_code == 303
    assert stored(admin) == {"delais": [3], "formations": []}


@pytest.mark.parametrize("engine", ["postgresql"])
def test_the_batch_s_run_reads_what_the_page_stored(admin: Client, demo_db: Any) -> None:
    from airflow.dag_processing.dagbag import DagBag

    assert cli("relance", "--delais", "4", "--formations", "M1-HIST").returncode == 0
    dag = DagBag(dag_folder=str(DAGS / "batch_relance_transmission.py")).dags[CODE]
    run = dag.test(logical_date=None, run_conf={"dry_run": True})
    assert str(getattr(run.state, "value", run.state)) == "success"
    summary = next(t for t in run.get_task_instances() if t.task_id == "relancer").xcom_pull(
        task_ids="relancer"
    )
    assert summary["lignes"][0].endswith(f"Lancement batch {CODE} : délais 4 jours ; formations M1-HIST")


def test_a_browser_s_post_needs_the_page_s_form_token(airflow_api: str, admin: Client) -> None:
    browser = Client(airflow_api, "admin", cookie=True)
    fields = {"delais": "3", "formations": "", "action": "modele"}
    refused = browser.post("/batches/relance", fields)
    assert refused.status_code == 403
    assert stored(admin) is None
    token = csrf_of(browser.get("/batches/relance").text)
    assert browser.post("/batches/relance", {**fields, "csrf_token": token}).status_code == 303
    assert stored(admin) == {"delais": [3], "formations": []}
