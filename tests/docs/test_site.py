"""The documentation site: it builds in strict mode, its references come from the code, and what it
says about the package (batches, messages, grants) is what the package does."""

from __future__ import annotations

import ast
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ecandidat_batches.connections import CONNECTIONS
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "plugins" / "ecandidat_batches"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as ``make docs`` builds it (strict), into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _text(page: Path) -> str:
    """A built page's text, tags removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_the_configuration_page_lists_every_setting_with_its_default(site: Path) -> None:
    text = _text(site / "admin" / "configuration" / "index.html")
    for s in SETTINGS.values():
        assert f"AIRFLOW__ECANDIDAT__{s.name.upper()}" in text
        assert s.sens.split(".")[0] in " ".join(text.split()), s.name
    page = (site / "admin" / "configuration" / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<h3 id="(\w+)"', page)) == set(SETTINGS)


def test_the_connections_page_lists_every_connection_and_its_extras(site: Path) -> None:
    page = (site / "admin" / "connexions" / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<h3 id="(\w+)"', page)) == set(CONNECTIONS)
    text = _text(site / "admin" / "connexions" / "index.html")
    for spec in CONNECTIONS.values():
        assert spec.env_var in text
        section = text[text.index(spec.env_var) :]
        for extra in spec.extras:
            assert extra.name in section, f"{spec.conn_id}: {extra.name}"


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


def test_every_batch_has_its_page_in_the_nav_with_its_card() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    for code, batch in BATCHES.items():
        page = f"batches/{code.lower()}.md"
        assert page in nav, f"{page} is not in mkdocs.yml's nav"
        text = (DOCS / page).read_text(encoding="utf-8")
        assert f"<!-- ecandidat:fiche {code} -->" in text
        for parametre in batch.parametres:  # the prose says what each parametre row does
            assert parametre in text, f"{page} does not explain {parametre}"


def test_a_batch_page_shows_its_card_from_the_registry(site: Path) -> None:
    text = " ".join(_text(site / "batches" / "batch_destruct_histo" / "index.html").split())
    batch = BATCHES["BATCH_DESTRUCT_HISTO"]
    assert f"Programmation par défaut {batch.programmation.libelle()}" in text
    assert "Durée maximale d'une exécution 1 h (dagrun_timeout)" in text
    assert "Connexions ecandidat_db, airflow_api" in text


# -- the troubleshooting page quotes the package's own messages --------------------------------------


def _package_strings() -> list[str]:
    """Every string literal of the package, f-strings with their placeholders as ``…``."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                found.append("".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values))
    return found


def _quoted(text: str, pieces: list[str]) -> bool:
    """``pieces`` appear in ``text`` in this order."""
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def test_every_message_the_troubleshooting_page_quotes_exists_in_the_package() -> None:
    page = (DOCS / "admin" / "depannage.md").read_text(encoding="utf-8")
    quoted = re.findall(r"^### `(.+)`$", page, re.MULTILINE)
    assert len(quoted) >= 40, "the page is indexed by the batches' messages"
    strings = _package_strings()
    missing = []
    for message in quoted:
        pieces = [p for p in message.split("…") if p.strip(" .")]
        if not any(_quoted(s, pieces) for s in strings):
            missing.append(message)
    assert missing == [], "quoted on depannage.md but said nowhere in the package"


def test_the_troubleshooting_check_would_see_a_changed_message() -> None:
    strings = _package_strings()
    assert any(_quoted(s, ["BATCH_DEMO refuse de s'exécuter"]) for s in strings)
    assert not any(_quoted(s, ["BATCH_DEMO refuse de s'exécuter", "tout de suite"]) for s in strings)


# -- the grants page ----------------------------------------------------------------------------------


def _section(page: str, heading: str) -> str:
    text = (DOCS / "admin" / page).read_text(encoding="utf-8")
    start = text.index(f"### {heading}\n")
    end = text.find("\n#", start + 1)
    return text[start : end if end > 0 else None]


def test_the_grants_page_names_exactly_the_printed_tables() -> None:
    from ecandidat_batches.admin.cli import grants

    printed = {m[1] for line in grants("'b'@'%'") if (m := re.search(r"`ecandidat`\.`(\w+)`", line))}
    listing = _section("base-de-donnees.md", "Tables accordées").split("\n\n")[1]  # its first paragraph
    named = set(re.findall(r"`(\w+)`", listing))
    assert named == printed


def _creates_temporary_tables(files: list[str]) -> bool:
    from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL
    from ecandidat_batches.db.sqlfiles import sql_path

    return any(
        re.search(r"create\s+temporary\s+table", sql_path(name, dialect).read_text(encoding="utf-8"), re.I)
        for name in files
        for dialect in (POSTGRESQL, MARIADB)
    )


def test_the_grants_page_names_every_batch_that_creates_temporary_tables() -> None:
    from ecandidat_batches.db.dialect import POSTGRESQL
    from ecandidat_batches.db.sqlfiles import sql_path

    need = set()
    for code, batch in BATCHES.items():
        if batch.job is None or code == "BATCH_DEMO":
            continue
        files = list(batch.job.sql)
        if batch.job.tables:  # shaped statements (the SI Scolarité merge), as grants() counts them
            merge = sql_path("siscol/merge/staging.sql", POSTGRESQL).parent
            files += sorted({f"siscol/merge/{p.name.split('.')[0]}.sql" for p in merge.glob("*.sql")})
        if _creates_temporary_tables(files):
            need.add(code)
    assert {"BATCH_SYNCHRO_SISCOL", "BATCH_CALCUL_RANG_LC"} <= need, "the SQL scan finds nothing"
    named = set(re.findall(r"BATCH_[A-Z_]+", _section("base-de-donnees.md", "Tables temporaires")))
    assert named == need
