"""airflow.cfg.example is a readable Airflow configuration that documents a production setup."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_example_parses_and_says_what_matters() -> None:
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(ROOT / "airflow.cfg.example", encoding="utf-8")
    assert cfg["core"]["default_timezone"] == "Europe/Paris"
    assert cfg["core"].getboolean("dags_are_paused_at_creation")
    assert cfg["core"].getboolean("load_examples") is False
    assert cfg["core"]["executor"] in ("CeleryExecutor", "KubernetesExecutor")
    assert "auth_manager" in cfg["core"]
    assert cfg["ecandidat"].getboolean("demo_mode") is False
    text = (ROOT / "airflow.cfg.example").read_text(encoding="utf-8")
    assert "postgresql+psycopg2://" in text
    assert '"conn_type": "mysql"' in text, "eCandidat's own database is MariaDB/MySQL"
    assert 'password": "..."' in text  # connections documented without real secrets
