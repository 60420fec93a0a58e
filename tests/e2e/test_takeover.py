"""Taking over from eCandidat's own scheduler: against a real API server and DAG processor, with
eCandidat's ``batch`` table as an admin left it (edited schedules, the legacy LimeSurvey code), on both
database engines."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from tests.fixtures.airflow import Client, reset_batch_state, row

from ecandidat_batches.admin import takeover
from ecandidat_batches.admin.cli import cmd_takeover
from ecandidat_batches.schedule.overrides import VARIABLE_KEY

pytestmark = pytest.mark.slow


@pytest.fixture
def admin(airflow_api: str, batch_dags: list[str]) -> Client:
    reset_batch_state()
    client = Client(airflow_api, "admin")
    client.api("DELETE", f"/variables/{takeover.VARIABLE}")
    # The batches this test deployment leaves out (conftest.NOT_DEPLOYED) were taken over before: the
    # takeover would otherwise refuse, waiting for their DAGs.
    earlier = {code: "2026-01-01T00:00:00+00:00" for code in ("BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ")}
    client.api("POST", "/variables", json={"key": takeover.VARIABLE, "value": json.dumps(earlier)})
    return client


def ecandidat(conn: Any) -> dict[str, bool]:
    return {code: bool(on) for code, on in conn.execute("SELECT cod_batch, tes_batch FROM batch").fetchall()}


def stored(admin: Client) -> dict[str, Any]:
    response = admin.api("GET", f"/variables/{VARIABLE_KEY}")
    return {} if response.status_code == 404 else json.loads(response.json()["value"])


def paused(admin: Client, code: str) -> bool:
    return bool(admin.api("GET", f"/dags/{code}").json()["is_paused"])


def own_batch(conn: Any) -> None:
    """An institution's own batch in eCandidat's table (a code this package does not know): it stays
    with eCandidat."""
    columns = ", ".join(["lib_batch", "tes_batch", "tem_is_launch_imedia_batch", "tem_lundi_batch", "tem_mardi_batch",
                         "tem_mercr_batch", "tem_jeudi_batch", "tem_vendredi_batch", "tem_samedi_batch",
                         "tem_diman_batch", "fixe_hour_batch", "frequence_batch", "tem_frequence_batch"])  # fmt: skip
    conn.execute(f"INSERT INTO batch (cod_batch, {columns}) SELECT 'BATCH_MAISON', {columns} FROM batch"
                 " WHERE cod_batch = 'BATCH_DEMO'")  # fmt: skip


def edit(conn: Any, code: str, on: bool, days: tuple[str, ...], hour: str, every: int = 0) -> None:
    flags = ["tem_lundi_batch", "tem_mardi_batch", "tem_mercr_batch", "tem_jeudi_batch", "tem_vendredi_batch",
             "tem_samedi_batch", "tem_diman_batch"]  # fmt: skip
    names = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    sets = ", ".join(f"{f} = %s" for f in flags)
    conn.execute(
        f"UPDATE batch SET tes_batch = %s, {sets}, fixe_hour_batch = %s, tem_frequence_batch = %s,"
        " frequence_batch = %s WHERE cod_batch = %s",
        (on, *[n in days for n in names], hour, every > 0, every, code),
    )


def test_takeover_imports_once_and_hands_over(
    admin: Client, app_db: Any, capsys: pytest.CaptureFixture
) -> None:
    edit(app_db, "BATCH_ARCHIVAGE", True, ("lun", "mer"), "04:15:00")
    edit(
        app_db,
        "BATCH_SYNCHRO_LIMESURVEY",
        True,
        ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
        "00:00:00",
        30,
    )
    edit(app_db, "BATCH_NETTOYAGE_CPT", False, ("mar",), "05:00:00")
    own_batch(app_db)
    edit(app_db, "BATCH_MAISON", True, ("lun",), "21:00:00")  # not a batch of this package
    before = ecandidat(app_db)

    assert cmd_takeover(dry_run=True) == 0
    out = capsys.readouterr().out
    assert "BATCH_ARCHIVAGE : programmation « Tous les lun, mer à 04h15 »" in out
    assert "BATCH_SYNC_LIMESURVEY : programmation « Toutes les 30 min »" in out
    assert (
        "BATCH_NETTOYAGE_CPT : programmation « Tous les mar à 05h00 » (ici : « Aucun jour à 22h30 »), hors service"
        in out
    )
    assert "eCandidat : BATCH_SYNCHRO_LIMESURVEY mis hors service (tes_batch 1 -> 0)" in out
    assert "Restent à eCandidat" in out
    assert "BATCH_MAISON" in out
    assert "Simulation : rien n'a été modifié." in out
    assert ecandidat(app_db) == before
    assert stored(admin) == {}

    assert cmd_takeover(dry_run=False) == 0
    after = ecandidat(app_db)
    assert not after["BATCH_ARCHIVAGE"]
    assert not after["BATCH_SYNCHRO_LIMESURVEY"]
    assert after["BATCH_MAISON"], "a batch this package does not know stays with eCandidat"
    overrides = stored(admin)
    assert overrides["BATCH_ARCHIVAGE"] == {"jours": ["lun", "mer"], "heure": 4, "minute": 15, "frequence": None,
                                            "jour_fixe": None, "mois_fixe": None, "annee_fixe": None}  # fmt: skip
    assert overrides["BATCH_SYNC_LIMESURVEY"]["frequence"] == 30
    assert not paused(admin, "BATCH_ARCHIVAGE")
    assert not paused(admin, "BATCH_SYNC_LIMESURVEY")
    assert paused(admin, "BATCH_NETTOYAGE_CPT")
    capsys.readouterr()

    # Rerunning changes nothing: eCandidat's tes_batch = 0 (written by the takeover) is not imported.
    assert cmd_takeover(dry_run=False) == 0
    assert "Rien à faire : la reprise est déjà faite." in capsys.readouterr().out
    assert stored(admin) == overrides
    assert not paused(admin, "BATCH_ARCHIVAGE")
    assert ecandidat(app_db) == after

    # Someone puts a batch back in service in eCandidat: it is handed over again, nothing re-imported.
    edit(app_db, "BATCH_ARCHIVAGE", True, ("dim",), "01:00:00")
    assert cmd_takeover(dry_run=False) == 0
    assert "eCandidat : BATCH_ARCHIVAGE mis hors service" in capsys.readouterr().out
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert stored(admin)["BATCH_ARCHIVAGE"]["jours"] == ["lun", "mer"]


@pytest.mark.parametrize(
    "engine", ["postgresql"]
)  # the API server's ecandidat_db; the SQL is tested on both above
def test_the_page_warns_while_ecandidat_runs_a_batch_and_takes_over(
    airflow_api: str, admin: Client, app_db: Any
) -> None:
    from tests.fixtures.airflow import csrf_of

    app_db.execute("UPDATE batch SET tes_batch = %s", (False,))
    assert "eCandidat lance encore" not in admin.get("/batches/").text
    edit(app_db, "BATCH_ARCHIVAGE", True, ("mar",), "02:30:00")
    own_batch(app_db)
    edit(app_db, "BATCH_MAISON", True, ("lun",), "21:00:00")  # not run here: no warning for it

    reader = Client(airflow_api, "lecteur", cookie=True).get("/batches/").text
    warning = re.search(r'<form class="message erreur" id="doublons".*?</form>', reader, re.S)
    assert warning, "a reader sees the warning too"
    assert "eCandidat lance encore lui-même : BATCH_ARCHIVAGE." in warning.group(0)
    assert "data-reprise" not in warning.group(0), "but no takeover button"
    refused = Client(airflow_api, "lecteur", cookie=True).post(
        "/batches/reprise", {"csrf_token": csrf_of(reader)}, headers={"Origin": airflow_api}
    )
    assert refused.status_code == 403
    assert ecandidat(app_db)["BATCH_ARCHIVAGE"]

    browser = Client(airflow_api, "admin", cookie=True)
    page = browser.get("/batches/").text
    assert "data-reprise" in page
    assert browser.post("/batches/reprise", {}).status_code == 403, "the form token is required"
    done = browser.post("/batches/reprise", {"csrf_token": csrf_of(page)}, headers={"Origin": airflow_api})
    assert done.status_code == 303
    after = browser.get("/batches/?msg=reprise").text
    assert "Reprise faite" in after
    assert "eCandidat lance encore" not in after
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert ecandidat(app_db)["BATCH_MAISON"]
    assert stored(admin)["BATCH_ARCHIVAGE"]["jours"] == ["mar"]
    assert not paused(admin, "BATCH_ARCHIVAGE")
    assert "BATCH_ARCHIVAGE" in json.loads(
        admin.api("GET", f"/variables/{takeover.VARIABLE}").json()["value"]
    )
    assert "Tous les mar à 02h30" in row(after, "BATCH_ARCHIVAGE")
