"""The Admin > Batches page, served by the real API server with the plugin loaded."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from conftest import USERS
from ecandidat_batches.registry import BATCHES


def _token(base: str, user: str) -> str:
    import json

    request = urllib.request.Request(
        f"{base}/auth/token",
        data=json.dumps({"username": user, "password": USERS[user][0]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["access_token"]


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_page_needs_a_login(airflow_api: str) -> None:
    status, _ = _get(f"{airflow_api}/batches/")
    assert status == 401


@pytest.mark.parametrize("user", ["admin", "lecteur"])
def test_page_shows_every_batch_of_the_registry(airflow_api: str, user: str) -> None:
    status, page = _get(f"{airflow_api}/batches/", _token(airflow_api, user))
    assert status == 200
    codes = re.findall(r'<tr data-code="([A-Z_]+)">', page)
    assert codes == sorted(BATCHES)
    for header in (
        "Code",
        "Libellé",
        "En service",
        "Lancement immédiat",
        "Programmation",
        "Dernière exécution",
    ):
        assert f"<th>{header}</th>" in page
    demo = re.search(r'<tr data-code="BATCH_DEMO">(.*?)</tr>', page).group(1)
    assert "Mise à zéro de l&#x27;application" in demo
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in demo


def test_page_is_in_the_admin_menu(airflow_api: str) -> None:
    import json

    status, body = _get(f"{airflow_api}/api/v2/plugins", _token(airflow_api, "admin"))
    assert status == 200
    plugin = next(p for p in json.loads(body)["plugins"] if p["name"] == "ecandidat_batches")
    view = plugin["external_views"][0]
    assert (view["name"], view["category"], view["url_route"]) == ("Batches", "admin", "batches")
