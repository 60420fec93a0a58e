"""Taking over from eCandidat's own scheduler and giving batches back: against a real API server and DAG
processor, with eCandidat's ``batch`` table as an admin left it (edited schedules, both LimeSurvey codes).

The takeover and the return themselves (:mod:`ecandidat_batches.admin.reprise`: the record locked, the
plan, Airflow's side, eCandidat's side) run in this process with Airflow's ORM, on both database
engines; the page and the CLI reach them through the API server, whose ``ecandidat_db`` is the
PostgreSQL one.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from tests.fixtures.airflow import Client, csrf_of, reset_batch_state, row

from ecandidat_batches.admin import reprise
from ecandidat_batches.admin.record import VARIABLE, TakeoverRefusedError, parse_record
from ecandidat_batches.schedule.overrides import VARIABLE_KEY

pytestmark = pytest.mark.slow
USER = SimpleNamespace(get_name=lambda: "admin", get_id=lambda: "admin")
DAYS = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]


@pytest.fixture
def admin(airflow_api: str, batch_dags: list[str]) -> Client:
    reset_batch_state()
    client = Client(airflow_api, "admin")
    client.api("DELETE", f"/variables/{VARIABLE}")
    return client


# -- eCandidat's table and Airflow's state, as the tests set and read them -------------------------------


def ecandidat(conn: Any) -> dict[str, bool]:
    return {code: bool(on) for code, on in conn.execute("SELECT cod_batch, tes_batch FROM batch").fetchall()}


def batch_table(conn: Any) -> list[tuple[Any, ...]]:
    """eCandidat's ``batch`` rows, every column."""
    return conn.execute("SELECT * FROM batch ORDER BY cod_batch").fetchall()


def stored(admin: Client) -> dict[str, Any]:
    response = admin.api("GET", f"/variables/{VARIABLE_KEY}")
    return {} if response.status_code == 404 else json.loads(response.json()["value"])


def record(admin: Client) -> dict[str, Any]:
    response = admin.api("GET", f"/variables/{VARIABLE}")
    return {} if response.status_code == 404 else parse_record(response.json()["value"])


def paused(admin: Client, code: str) -> bool:
    return bool(admin.api("GET", f"/dags/{code}").json()["is_paused"])


def copy_row(conn: Any, code: str, source: str) -> None:
    """Another row in eCandidat's table, copied from ``source``: an institution's own batch, or the
    legacy LimeSurvey code next to the current one."""
    columns = ", ".join(["lib_batch", "tes_batch", "tem_is_launch_imedia_batch", "tem_lundi_batch", "tem_mardi_batch",
                         "tem_mercr_batch", "tem_jeudi_batch", "tem_vendredi_batch", "tem_samedi_batch",
                         "tem_diman_batch", "fixe_hour_batch", "frequence_batch", "tem_frequence_batch"])  # fmt: skip
    conn.execute(f"INSERT INTO batch (cod_batch, {columns}) SELECT %s, {columns} FROM batch WHERE cod_batch = %s",
                 (code, source))  # fmt: skip


def edit(conn: Any, code: str, on: bool, days: tuple[str, ...], hour: str, every: int = 0) -> None:
    flags = ["tem_lundi_batch", "tem_mardi_batch", "tem_mercr_batch", "tem_jeudi_batch", "tem_vendredi_batch",
             "tem_samedi_batch", "tem_diman_batch"]  # fmt: skip
    sets = ", ".join(f"{f} = %s" for f in flags)
    conn.execute(
        f"UPDATE batch SET tes_batch = %s, {sets}, fixe_hour_batch = %s, tem_frequence_batch = %s,"
        " frequence_batch = %s WHERE cod_batch = %s",
        (on, *[n in days for n in DAYS], hour, every > 0, every, code),
    )


def doubled(conn: Any) -> None:
    """eCandidat runs BATCH_ARCHIVAGE and both LimeSurvey codes (each its schedule), and its own batch;
    BATCH_NETTOYAGE_CPT is out of service there."""
    edit(conn, "BATCH_ARCHIVAGE", True, ("lun", "mer"), "04:15:00")
    edit(conn, "BATCH_SYNCHRO_LIMESURVEY", True, tuple(DAYS), "00:00:00", 30)
    copy_row(conn, "BATCH_SYNC_LIMESURVEY", "BATCH_SYNCHRO_LIMESURVEY")
    edit(conn, "BATCH_SYNC_LIMESURVEY", True, ("lun",), "04:15:00")
    edit(conn, "BATCH_NETTOYAGE_CPT", False, ("mar",), "05:00:00")
    copy_row(conn, "BATCH_MAISON", "BATCH_DEMO")
    edit(conn, "BATCH_MAISON", True, ("lun",), "21:00:00")


def in_session(work: Callable[[Any, Any], Any]) -> Any:
    """``work(session, conn)`` in an Airflow ORM session (committed unless it raises) and a connection to
    the test's eCandidat database (the engine's), as a route of the page has them."""
    from airflow.utils.session import create_session

    from ecandidat_batches.db.connection import connect

    conn = connect()
    try:
        with create_session() as session:
            return work(session, conn)
    finally:
        conn.close()


def audit_lines(event: str) -> list[dict[str, Any]]:
    from airflow.models.log import Log
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        query = select(Log.extra).where(Log.event == f"ecandidat_batches.{event}").order_by(Log.id)
        return [json.loads(extra) for extra in session.scalars(query)]


# -- the takeover and the return themselves, on both engines -----------------------------------------------


def test_with_nothing_doubled_the_takeover_changes_nothing(admin: Client, app_db: Any) -> None:
    """Issue 27 item 8: with nothing doubled, "Reprendre d'eCandidat" paused every batch, those in service
    here included, and replaced programmations with eCandidat's."""
    admin.api("PATCH", "/dags/BATCH_NETTOYAGE_CPT", json={"is_paused": False})
    edit(app_db, "BATCH_NETTOYAGE_CPT", False, ("mar",), "05:00:00")  # eCandidat's, out of service there
    before = batch_table(app_db)

    plan = in_session(lambda session, conn: reprise.preview(session, conn, "reprise"))
    assert plan.changes == []
    assert (
        "BATCH_NETTOYAGE_CPT : eCandidat ne le lance pas : rien ne change (ici : « Aucun jour à 22h30 », en service)"
        in plan.lines()
    )
    with pytest.raises(TakeoverRefusedError, match="Rien n'a été modifié"):
        in_session(
            lambda session, conn: reprise.take_over(session, conn, USER, {"BATCH_NETTOYAGE_CPT": None})
        )
    assert not paused(admin, "BATCH_NETTOYAGE_CPT")
    assert stored(admin) == {}
    assert batch_table(app_db) == before


def test_the_takeover_applies_what_was_confirmed_and_records_each_batch_before(
    admin: Client, app_db: Any
) -> None:
    doubled(app_db)
    admin.api("PATCH", "/dags/BATCH_NETTOYAGE_CPT", json={"is_paused": False})
    plan = in_session(lambda session, conn: reprise.preview(session, conn, "reprise"))
    assert [c.code for c in plan.changes] == ["BATCH_ARCHIVAGE", "BATCH_SYNC_LIMESURVEY"]
    assert len([line for line in plan.lines() if "LIMESURVEY" in line]) == 1, "one batch here, listed once"
    seen = {c.code: c.fingerprint for c in plan.changes}

    # The admin confirms BATCH_ARCHIVAGE only.
    done = in_session(
        lambda session, conn: reprise.take_over(
            session, conn, USER, {"BATCH_ARCHIVAGE": seen["BATCH_ARCHIVAGE"]}
        )
    )
    assert [c.code for c in done] == ["BATCH_ARCHIVAGE"]
    after = ecandidat(app_db)
    assert not after["BATCH_ARCHIVAGE"]
    assert after["BATCH_SYNCHRO_LIMESURVEY"], "not confirmed: unchanged"
    assert after["BATCH_SYNC_LIMESURVEY"]
    assert after["BATCH_MAISON"], "a batch this package does not run stays with eCandidat"
    assert stored(admin) == {"BATCH_ARCHIVAGE": {"jours": ["lun", "mer"], "heure": 4, "minute": 15, "frequence": None,
                                                 "jour_fixe": None, "mois_fixe": None, "annee_fixe": None}}  # fmt: skip
    assert not paused(admin, "BATCH_ARCHIVAGE"), "eCandidat ran it: in service here"
    assert not paused(admin, "BATCH_NETTOYAGE_CPT"), "eCandidat did not run it: untouched"
    assert paused(admin, "BATCH_SYNC_LIMESURVEY")
    entry = record(admin)["BATCH_ARCHIVAGE"]
    assert entry.ecandidat["BATCH_ARCHIVAGE"]["tes_batch"] is True
    assert entry.ecandidat["BATCH_ARCHIVAGE"]["fixe_hour_batch"] == "04:15:00"
    assert entry.ici == {"programmation": "Aucun jour à 22h30", "en_service": False}
    audit = audit_lines("reprise")[-1]
    assert audit["avant"] == {
        "BATCH_ARCHIVAGE": {
            "ici": {"programmation": "Aucun jour à 22h30", "en_service": False},
            "ecandidat": {"BATCH_ARCHIVAGE": "en service, « Tous les lun, mer à 04h15 »"},
        }
    }

    # Then the LimeSurvey batch: eCandidat's current code's schedule, both codes handed over.
    plan = in_session(lambda session, conn: reprise.preview(session, conn, "reprise"))
    assert [c.code for c in plan.changes] == ["BATCH_SYNC_LIMESURVEY"]
    in_session(lambda session, conn: reprise.take_over(session, conn, USER, {"BATCH_SYNC_LIMESURVEY": None}))
    assert stored(admin)["BATCH_SYNC_LIMESURVEY"]["frequence"] == 30
    assert not ecandidat(app_db)["BATCH_SYNCHRO_LIMESURVEY"]
    assert not ecandidat(app_db)["BATCH_SYNC_LIMESURVEY"]
    assert in_session(lambda session, conn: reprise.preview(session, conn, "reprise")).changes == []

    # Someone puts a batch back in service in eCandidat: handed over again, nothing re-imported here.
    admin.api("PATCH", "/dags/BATCH_ARCHIVAGE", json={"is_paused": True})
    edit(app_db, "BATCH_ARCHIVAGE", True, ("dim",), "01:00:00")
    (change,) = in_session(lambda session, conn: reprise.preview(session, conn, "reprise")).changes
    assert change.imported is None
    in_session(lambda session, conn: reprise.take_over(session, conn, USER, {"BATCH_ARCHIVAGE": None}))
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert paused(admin, "BATCH_ARCHIVAGE")
    assert stored(admin)["BATCH_ARCHIVAGE"]["jours"] == ["lun", "mer"]


def test_takeover_then_return_leaves_ecandidat_s_batch_rows_as_they_were(admin: Client, app_db: Any) -> None:
    """Issue 24 §5: the round trip finds eCandidat's ``batch`` rows as they were, every column."""
    doubled(app_db)
    before = batch_table(app_db)
    codes = {"BATCH_ARCHIVAGE": None, "BATCH_SYNC_LIMESURVEY": None}
    in_session(lambda session, conn: reprise.take_over(session, conn, USER, codes))
    assert batch_table(app_db) != before
    edit(app_db, "BATCH_ARCHIVAGE", False, ("dim",), "01:00:00")  # edited in eCandidat meanwhile

    plan = in_session(lambda session, conn: reprise.preview(session, conn, "rendre"))
    assert [c.code for c in plan.changes] == ["BATCH_ARCHIVAGE", "BATCH_SYNC_LIMESURVEY"]
    assert any(
        "eCandidat : BATCH_ARCHIVAGE remis comme avant la reprise du" in line
        and "en service, « Tous les lun, mer à 04h15 » (actuellement : hors service, « Tous les dim à 01h00 »)"
        in line
        for line in plan.lines()
    )
    done = in_session(lambda session, conn: reprise.give_back(session, conn, USER, codes))
    assert [c.code for c in done] == ["BATCH_ARCHIVAGE", "BATCH_SYNC_LIMESURVEY"]
    assert batch_table(app_db) == before
    assert paused(admin, "BATCH_ARCHIVAGE")
    assert paused(admin, "BATCH_SYNC_LIMESURVEY")
    assert all(not entry.active for entry in record(admin).values())
    audit = audit_lines("rendre")[-1]
    assert audit["avant"]["BATCH_ARCHIVAGE"]["ici"] == {
        "programmation": "Tous les lun, mer à 04h15",
        "en_service": True,
    }
    assert audit["avant"]["BATCH_ARCHIVAGE"]["ecandidat"] == {
        "BATCH_ARCHIVAGE": "hors service, « Tous les dim à 01h00 »"
    }

    # Given back: no double any more, nothing left to give back, and it may be taken over again.
    from ecandidat_batches.admin import batch_table as table
    from ecandidat_batches.admin import takeover

    here = {"BATCH_ARCHIVAGE": False, "BATCH_SYNC_LIMESURVEY": False}
    found = in_session(lambda session, conn: table.read(conn))
    assert takeover.still_in_service(found, record(admin), here) == []
    assert in_session(lambda session, conn: reprise.preview(session, conn, "rendre")).changes == []
    with pytest.raises(TakeoverRefusedError, match="BATCH_ARCHIVAGE ne peut pas être rendu"):
        in_session(lambda session, conn: reprise.give_back(session, conn, USER, {"BATCH_ARCHIVAGE": None}))
    again = in_session(lambda session, conn: reprise.preview(session, conn, "reprise"))
    assert [c.code for c in again.changes if c.imported is not None] == [
        "BATCH_ARCHIVAGE",
        "BATCH_SYNC_LIMESURVEY",
    ]


def test_four_admins_confirming_the_first_takeover_at_once_apply_it_once(admin: Client, app_db: Any) -> None:
    """Issue 27 item 8: the record is created and locked first; the others are refused, in French."""
    edit(app_db, "BATCH_ARCHIVAGE", True, ("mar",), "02:30:00")
    plan = in_session(lambda session, conn: reprise.preview(session, conn, "reprise"))
    chosen = {c.code: c.fingerprint for c in plan.changes}
    audited = len(audit_lines("reprise"))
    outcomes: list[Any] = []
    start = threading.Barrier(4)

    def confirm() -> None:
        start.wait()
        try:
            outcomes.append(in_session(lambda session, conn: reprise.take_over(session, conn, USER, chosen)))
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    applied = [o for o in outcomes if isinstance(o, list)]
    refused = [o for o in outcomes if isinstance(o, TakeoverRefusedError)]
    assert len(applied) == 1, outcomes
    assert len(refused) == 3, outcomes
    assert all("Rien n'a été modifié" in str(exc) for exc in refused)
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert list(record(admin)) == ["BATCH_ARCHIVAGE"]
    assert len(audit_lines("reprise")) == audited + 1


# -- the page and the CLI, through the API server ------------------------------------------------------------


@pytest.mark.parametrize("engine", ["postgresql"])  # the API server's ecandidat_db
def test_the_page_previews_takes_over_and_gives_back(airflow_api: str, admin: Client, app_db: Any) -> None:
    app_db.execute("UPDATE batch SET tes_batch = %s", (False,))
    assert "eCandidat lance encore" not in admin.get("/batches/").text
    edit(app_db, "BATCH_ARCHIVAGE", True, ("mar",), "02:30:00")
    copy_row(app_db, "BATCH_MAISON", "BATCH_DEMO")
    edit(app_db, "BATCH_MAISON", True, ("lun",), "21:00:00")  # not run here: no warning for it
    before = batch_table(app_db)

    reader = Client(airflow_api, "lecteur", cookie=True)
    page = reader.get("/batches/").text
    warning = re.search(r'<form class="message erreur" id="doublons".*?</form>', page, re.S)
    assert warning, "a reader sees the warning too"
    assert "eCandidat lance encore lui-même : BATCH_ARCHIVAGE." in warning.group(0)
    assert "data-reprise" not in warning.group(0), "but no takeover button"
    assert reader.get("/batches/reprise").status_code == 403
    refused = reader.post("/batches/reprise", {"csrf_token": csrf_of(page)}, headers={"Origin": airflow_api})
    assert refused.status_code == 403

    browser = Client(airflow_api, "admin", cookie=True)
    assert "data-reprise" in browser.get("/batches/").text
    preview = browser.get("/batches/reprise")
    assert preview.status_code == 200
    assert ecandidat(app_db)["BATCH_ARCHIVAGE"], "the preview changes nothing"
    item = re.search(r'<li data-code="BATCH_ARCHIVAGE">.*?</li>', preview.text, re.S).group(0)
    assert (
        "programmation « Tous les mar à 02h30 » (ici : « Aucun jour à 22h30 »), en service (ici : hors service)"
        in item
    )
    assert " checked" in item
    choice = re.search(r'name="choix" value="([^"]+)"', item).group(1)
    assert browser.post("/batches/reprise", {"choix": choice}).status_code == 403, (
        "the form token is required"
    )
    done = browser.post(
        "/batches/reprise",
        {"csrf_token": csrf_of(preview.text), "choix": choice},
        headers={"Origin": airflow_api},
    )
    assert done.status_code == 303
    after = browser.get("/batches/?msg=reprise").text
    assert "Reprise faite" in after
    assert "eCandidat lance encore" not in after
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert ecandidat(app_db)["BATCH_MAISON"]
    assert "Tous les mar à 02h30" in row(after, "BATCH_ARCHIVAGE")
    assert not paused(admin, "BATCH_ARCHIVAGE")

    # The same confirmation again: refused, in French, the preview shown again.
    again = browser.post(
        "/batches/reprise",
        {"csrf_token": csrf_of(preview.text), "choix": choice},
        headers={"Origin": airflow_api},
    )
    assert again.status_code == 409
    assert (
        "Rien n&#39;a été modifié : la situation a changé depuis l&#39;aperçu pour BATCH_ARCHIVAGE"
        in again.text
    )

    # « Rendre à eCandidat »: the button, the preview, the confirmation.
    assert "data-rendre" in after
    assert "Repris d'eCandidat : BATCH_ARCHIVAGE." in after
    back = browser.get("/batches/rendre", dag_id="BATCH_ARCHIVAGE")
    item = re.search(r'<li data-code="BATCH_ARCHIVAGE">.*?</li>', back.text, re.S).group(0)
    assert "ici mis hors service (était en service)" in item
    assert " checked" in item
    choice = re.search(r'name="choix" value="([^"]+)"', item).group(1)
    assert reader.post("/batches/rendre", {"csrf_token": csrf_of(page), "choix": choice},
                       headers={"Origin": airflow_api}).status_code == 403  # fmt: skip
    given = browser.post(
        "/batches/rendre",
        {"csrf_token": csrf_of(back.text), "choix": choice},
        headers={"Origin": airflow_api},
    )
    assert given.status_code == 303
    assert "Rendu à eCandidat" in browser.get("/batches/?msg=rendu").text
    assert batch_table(app_db) == before
    assert paused(admin, "BATCH_ARCHIVAGE")
    assert "eCandidat lance encore" not in browser.get("/batches/").text, "given back: no double"


@pytest.mark.parametrize("engine", ["postgresql"])  # the API server's ecandidat_db
def test_four_concurrent_confirmations_of_the_first_takeover_are_never_a_500(
    airflow_api: str, admin: Client, app_db: Any
) -> None:
    """Issue 27 item 8: four admins at once gave one success and three 500s."""
    edit(app_db, "BATCH_ARCHIVAGE", True, ("mar",), "02:30:00")
    statuses: list[int] = []
    texts: list[str] = []
    start = threading.Barrier(4)

    def confirm() -> None:
        browser = Client(airflow_api, "admin", cookie=True)
        preview = browser.get("/batches/reprise").text
        choices = re.findall(r'name="choix" value="([^"]+)"', preview)
        start.wait()
        response = browser.post("/batches/reprise", {"csrf_token": csrf_of(preview), "choix": choices},
                                headers={"Origin": airflow_api})  # fmt: skip
        statuses.append(response.status_code)
        texts.append(response.text)

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(statuses) == [303, 409, 409, 409], statuses
    assert sum("Rien n&#39;a été modifié" in text for text in texts) == 3
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert list(record(admin)) == ["BATCH_ARCHIVAGE"]


@pytest.mark.parametrize("engine", ["postgresql"])  # the API server's ecandidat_db
def test_the_cli_previews_then_takes_over_and_gives_back(
    admin: Client, app_db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from ecandidat_batches.admin.cli import main

    doubled(app_db)
    before = batch_table(app_db)
    assert main(["takeover", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "BATCH_ARCHIVAGE : programmation « Tous les lun, mer à 04h15 »" in out
    assert len(re.findall(r"^BATCH_SYNC_LIMESURVEY : ", out, re.M)) == 1, "listed once"
    assert (
        "eCandidat : BATCH_SYNCHRO_LIMESURVEY, BATCH_SYNC_LIMESURVEY mis hors service (tes_batch 1 -> 0)"
        in out
    )
    assert "BATCH_NETTOYAGE_CPT : eCandidat ne le lance pas : rien ne change" in out
    assert "Restent à eCandidat (pas dans ce paquet) : BATCH_MAISON" in out
    assert out.rstrip().endswith("Simulation : rien n'a été modifié.")
    assert batch_table(app_db) == before
    assert stored(admin) == {}

    assert main(["takeover"]) == 0
    assert (
        capsys.readouterr()
        .out.rstrip()
        .endswith("Reprise faite : eCandidat ne lance plus ces batches, Airflow les lance.")
    )
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert not ecandidat(app_db)["BATCH_SYNCHRO_LIMESURVEY"]
    assert stored(admin)["BATCH_SYNC_LIMESURVEY"]["frequence"] == 30
    assert audit_lines("reprise")[-1]["lignes"][0].startswith("BATCH_ARCHIVAGE : programmation")

    assert main(["rendre", "--dry-run", "BATCH_ARCHIVAGE"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "BATCH_ARCHIVAGE : ici mis hors service (était en service) ; eCandidat : BATCH_ARCHIVAGE "
    )
    assert not ecandidat(app_db)["BATCH_ARCHIVAGE"]
    assert main(["rendre", "BATCH_ARCHIVAGE", "BATCH_SYNC_LIMESURVEY"]) == 0
    assert "Rendu à eCandidat" in capsys.readouterr().out
    assert batch_table(app_db) == before
    assert paused(admin, "BATCH_ARCHIVAGE")
    assert main(["rendre", "BATCH_DEMO"]) == 1
    assert "Refusé : Rien n'a été modifié : BATCH_DEMO ne peut pas être rendu" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["postgresql"])  # the API server's ecandidat_db
def test_the_page_says_when_ecandidat_is_newer_than_this_package_knows(admin: Client, app_db: Any) -> None:
    from tests.helpers import KNOWN_HISTORY, NEWER_HISTORY, flyway_history

    assert 'id="version"' not in admin.get("/batches/").text, "no Flyway history (this package's copy)"
    flyway_history(app_db, KNOWN_HISTORY)
    assert 'id="version"' not in admin.get("/batches/").text
    flyway_history(app_db, NEWER_HISTORY)
    page = admin.get("/batches/").text
    assert (
        "⚠ eCandidat est en version 2.5.00.00 (migration « Configuration » de sa table schema_version), plus "
        "récente que la dernière que ce paquet connaît (2.4.06.00)" in page
    )
