"""airflow.cfg.example is a readable Airflow configuration that documents a production setup."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from ecandidat_batches.connections import CONNECTIONS
from ecandidat_batches.settings import SECTION, SETTINGS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "airflow.cfg.example"


def test_production_example_parses_and_says_what_matters() -> None:
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(EXAMPLE, encoding="utf-8")
    assert cfg["core"]["default_timezone"] == "Europe/Paris"
    assert cfg["core"].getboolean("dags_are_paused_at_creation")
    assert cfg["core"].getboolean("load_examples") is False
    assert cfg["core"]["executor"] in ("CeleryExecutor", "KubernetesExecutor")
    assert "auth_manager" in cfg["core"]
    assert cfg["ecandidat"].getboolean("demo_mode") is False
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "postgresql+psycopg2://" in text
    assert '"conn_type": "mysql"' in text, "eCandidat's own database is MariaDB/MySQL"
    assert 'password": "..."' in text  # connections documented without real secrets


def _ecandidat_section() -> str:
    """The text of the example's ``[ecandidat]`` section, commented lines included."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index(f"[{SECTION}]")
    following = re.search(r"^#?\s*\[[a-z_]+\]", text[start + 1 :], re.MULTILINE)
    return text[start : start + 1 + following.start()] if following else text[start:]


def test_the_example_lists_every_setting() -> None:
    """Each setting of settings.SETTINGS has a line ``name = value`` (maybe commented out) there."""
    section = _ecandidat_section()
    listed = set(re.findall(r"^#?\s*([a-z_]+)\s*=", section, re.MULTILINE))
    assert set(SETTINGS) - listed == set(), "settings missing from airflow.cfg.example's [ecandidat]"
    assert listed - set(SETTINGS) == set(), "airflow.cfg.example lists settings the package does not read"


def test_the_example_values_are_valid_for_their_type() -> None:
    """What the example sets, uncommented, reads as the setting's type (a typo would fail the batches)."""
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(EXAMPLE, encoding="utf-8")
    read = {"bool": cfg[SECTION].getboolean, "int": cfg[SECTION].getint, "float": cfg[SECTION].getfloat,
            "str": cfg[SECTION].get}  # fmt: skip
    for name in cfg[SECTION]:
        read[SETTINGS[name].kind](name)


def test_the_example_documents_every_connection() -> None:
    """Each connection of connections.CONNECTIONS is named in the example, with its environment variable."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for conn in CONNECTIONS.values():
        assert re.search(rf"\b{conn.conn_id}\b", text), f"{conn.conn_id} is not in airflow.cfg.example"
        assert conn.env_var in text, f"{conn.env_var} is not in airflow.cfg.example"
