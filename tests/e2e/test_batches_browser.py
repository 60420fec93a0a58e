"""The Admin > Batches page in a real headless Chromium (Debian's), against a real API server.

Playwright drives ``/usr/bin/chromium`` (a browser that a test tool downloads cannot work here). The
test logs in through Airflow's login page, opens Admin > Batches from the menu, checks the rows
against the registry, edits a programmation and sees it applied by the DAG processor, launches a
batch and finds the launch in its history. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.fixtures.airflow import wait_for
from tests.fixtures.chromium import ARTIFACTS
from tests.fixtures.session import USERS

from ecandidat_batches.schedule.registry import BATCHES, ordered_codes

pytestmark = pytest.mark.slow


@pytest.fixture
def page(chromium: Any, airflow_api: str, batch_dags: list[str]) -> Iterator[Any]:
    """A logged-in admin's tab (Airflow's own login page)."""
    from tests.fixtures.airflow import reset_batch_state

    reset_batch_state()
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(f"{airflow_api}/")
    tab.wait_for_url("**/auth/login**")
    tab.get_by_label("Username").fill("admin")
    tab.get_by_label("Password").fill(USERS["admin"][0])
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(lambda url: "/auth/login" not in url)
    try:
        yield tab
    finally:
        context.close()


def open_batches(page: Any) -> Any:
    """Admin > Batches from the UI's menu; the frame that shows our page."""
    page.get_by_role("button", name="Admin").click()
    page.get_by_role("menuitem", name="Batches").click()
    page.wait_for_url("**/plugin/batches")
    frame = page.frame_locator("iframe")
    frame.locator("tr[data-code]").first.wait_for()
    return frame


def select(frame: Any, code: str) -> Any:
    row = frame.locator(f'tr[data-code="{code}"]')
    row.locator("td").nth(2).click()  # anywhere on the row, as on eCandidat's screen
    assert row.get_attribute("class") == "choisi"
    return row


def test_admin_edits_launches_and_reads_the_history(page: Any, airflow_api: str) -> None:
    from ecandidat_batches.hooks.airflow_api import AirflowApiHook

    assert page.evaluate("() => localStorage.getItem('timezone')") is None
    frame = open_batches(page)
    # Airflow's UI now shows Paris time too (the admin never chose another zone).
    assert page.evaluate("() => localStorage.getItem('timezone')") == '"Europe/Paris"'
    codes = frame.locator("tr[data-code]").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes == ordered_codes(), "eCandidat's sixteen, then the batch this package adds"
    labels = frame.locator("tr[data-code] td:nth-child(3)").all_inner_texts()
    assert labels == [
        BATCHES[c].libelle + (" (ajouté par ce paquet)" if BATCHES[c].ajoute else "") for c in codes
    ]
    # Nothing selected: no action yet.
    assert frame.get_by_role("button", name="Éditer").is_disabled()

    # Éditer: Monday and Wednesday at 04:15, in service.
    select(frame, "BATCH_DEMO")
    frame.get_by_role("button", name="Éditer").click()
    frame.get_by_role("heading", name="Éditer le batch BATCH_DEMO").wait_for()
    for day in ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"):
        frame.locator(f'input[name=jours][value="{day}"]').set_checked(day in ("lun", "mer"))
    frame.locator("input[name=heure]").fill("4")
    frame.locator("input[name=minute]").fill("15")
    frame.get_by_label("En service").check()
    frame.get_by_role("button", name="Enregistrer").click()
    frame.get_by_role("status").filter(has_text="Batch BATCH_DEMO enregistré").wait_for()
    demo = frame.locator('tr[data-code="BATCH_DEMO"]')
    assert "Tous les lun, mer à 04h15 (modifiée)" in demo.inner_text()
    assert demo.get_by_label("En service").is_checked()
    # Applied: the DAG processor reparsed the file and Airflow schedules the new programmation.
    api = AirflowApiHook()
    wait_for(
        lambda: (
            api.api("GET", "/dags/BATCH_DEMO/details").json()["timetable_summary"]
            == "Tous les lun, mer à 04h15"
        ),
        90,
        "the new programmation to be parsed",
    )
    assert api.paused_states(["BATCH_DEMO"]) == {"BATCH_DEMO": False}

    # Lancer immédiatement: pending until a scheduler takes it (none runs here), then in the history.
    select(frame, "BATCH_DEMO")
    frame.get_by_role("button", name="Lancer immédiatement").click()
    frame.get_by_role("status").filter(has_text="Lancement immédiat de BATCH_DEMO demandé.").wait_for()
    assert demo.get_by_label("Lancement immédiat").is_checked()
    assert frame.get_by_role("button", name="Lancer immédiatement").is_disabled()
    assert frame.get_by_role("button", name="Annuler le lancement").is_enabled()
    page.screenshot(path=str(ARTIFACTS / "batches-page.png"), full_page=True)

    frame.get_by_role("button", name="Historique").click()
    frame.get_by_role("heading", name="Historique du batch BATCH_DEMO").wait_for()
    runs = frame.locator("tr[data-run-id]")
    assert runs.count() == 1
    assert runs.first.locator("td").first.inner_text() == "EN ATTENTE"
    assert "manuel par admin" in runs.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "batches-historique.png"), full_page=True)


def test_the_page_follows_the_dark_theme_and_fits_a_narrow_window(page: Any, airflow_api: str) -> None:
    frame = open_batches(page)
    assert frame.locator("html").get_attribute("data-theme") == "light"
    light = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    # The UI's theme switch stores its choice and sets the class; the page follows at once.
    page.evaluate(
        "() => { localStorage.setItem('theme', 'dark'); document.documentElement.className = 'dark'; }"
    )
    page.wait_for_function(
        "() => document.querySelector('iframe').contentDocument.documentElement.dataset.theme === 'dark'"
    )
    dark = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert (light, dark) == ("rgb(255, 255, 255)", "rgb(9, 9, 11)")
    # After a reload the stored choice still applies.
    page.reload()
    frame = page.frame_locator("iframe")
    frame.locator("tr[data-code]").first.wait_for()
    assert frame.locator("html").get_attribute("data-theme") == "dark"
    page.screenshot(path=str(ARTIFACTS / "batches-page-dark.png"))

    # A phone-sized window: each batch becomes a card, nothing is wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{airflow_api}/batches/")
    page.locator("tr[data-code]").first.wait_for()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    assert page.locator("thead").is_hidden()
    assert page.locator('tr[data-code="BATCH_DEMO"] td[data-label="Programmation"]').is_visible()
    page.screenshot(path=str(ARTIFACTS / "batches-page-narrow.png"), full_page=True)


def test_admin_edits_the_reminder_s_settings(page: Any, airflow_api: str) -> None:
    """BATCH_RELANCE_TRANSMISSION, last and marked as added: its Éditer window leads to its settings;
    a bad delay is refused in French, nothing saved; good ones are stored for its next run."""
    from airflow.models.variable import Variable

    from ecandidat_batches.relance.reglages import VARIABLE_KEY

    Variable.delete(VARIABLE_KEY)
    frame = open_batches(page)
    last = frame.locator("tr[data-code]").last
    assert last.get_attribute("data-code") == "BATCH_RELANCE_TRANSMISSION"
    assert "(ajouté par ce paquet)" in last.inner_text()
    select(frame, "BATCH_RELANCE_TRANSMISSION")
    frame.get_by_role("button", name="Éditer").click()
    frame.get_by_role("link", name="Réglages de la relance").click()
    frame.get_by_role("heading", name="Réglages de la relance : BATCH_RELANCE_TRANSMISSION").wait_for()
    assert frame.locator("input[name=delais]").input_value() == "7, 2"

    frame.locator("input[name=delais]").fill("7, demain")
    frame.get_by_role("button", name="Enregistrer").click()
    alert = frame.get_by_role("alert").filter(has_text="Les réglages ne sont pas enregistrés")
    alert.wait_for()
    assert "« demain » n'est pas un nombre de jours" in alert.inner_text()
    assert Variable.get(VARIABLE_KEY, default_var=None) is None

    frame.locator("input[name=delais]").fill("10, 3")
    frame.locator("textarea[name=formations]").fill("M1-MIAGE\nL3-INFO")
    frame.locator("input[name=sujet]").fill("Plus que ${formation.datRetour} pour ${formation.libelle}")
    page.screenshot(path=str(ARTIFACTS / "batches-relance.png"), full_page=True)
    frame.get_by_role("button", name="Enregistrer").click()
    frame.get_by_role("status").filter(
        has_text="Réglages de BATCH_RELANCE_TRANSMISSION enregistrés"
    ).wait_for()
    try:
        stored = json.loads(Variable.get(VARIABLE_KEY))
        assert (stored["delais"], stored["formations"]) == ([10, 3], ["L3-INFO", "M1-MIAGE"])
        assert stored["sujet"] == "Plus que ${formation.datRetour} pour ${formation.libelle}"
        assert "corps" not in stored, "the default body kept as the default"
    finally:
        Variable.delete(VARIABLE_KEY)
