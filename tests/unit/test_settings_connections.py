"""Every setting and every connection the package uses is declared once, where the admin reference
pages are generated from: settings.SETTINGS and connections.CONNECTIONS."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from ecandidat_batches import settings
from ecandidat_batches.connections import CONNECTIONS, HTTP_EXTRAS
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "ecandidat_batches"
#: What is deployed and what runs it: the package, the plugin, the DAG files, make run's launcher.
SOURCES = sorted([*PACKAGE.rglob("*.py"), ROOT / "plugins" / "ecandidat_batches_plugin.py",
                  *(ROOT / "dags").glob("*.py"), *(ROOT / "dev").glob("*.py")])  # fmt: skip


def _grep(pattern: str, files: list[Path] = SOURCES) -> dict[str, list[str]]:
    """Every match of ``pattern``'s first group, with the files it is in."""
    found: dict[str, list[str]] = {}
    for path in files:
        for match in re.finditer(pattern, path.read_text(encoding="utf-8")):
            found.setdefault(match[1], []).append(str(path.relative_to(ROOT)))
    return found


class RecordingConf:
    """Airflow's ``conf`` as the getters use it: records each (section, key), answers the fallback."""

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []

    def _get(self, section: str, key: str, fallback: Any = None) -> Any:
        self.read.append((section, key))
        return fallback

    get = getboolean = getint = getfloat = _get


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> RecordingConf:
    conf = RecordingConf()
    monkeypatch.setattr(settings, "_conf", lambda: conf)
    return conf


GETTERS = [
    f for name, f in vars(settings).items()
    if inspect.isfunction(f) and not name.startswith("_") and f.__module__ == settings.__name__
]  # fmt: skip


def test_every_getter_reads_a_declared_setting_and_every_declared_setting_is_read(
    recorded: RecordingConf,
) -> None:
    for getter in GETTERS:
        getter()
    assert {section for section, _key in recorded.read} == {settings.SECTION}
    assert {key for _section, key in recorded.read} == set(SETTINGS)


def test_an_unset_setting_is_its_declared_default(recorded: RecordingConf) -> None:
    """The getters take their default from the table that the reference page shows."""
    assert settings.siscol_type() == SETTINGS["siscol_type"].default == "D"
    assert settings.chunk_size() == SETTINGS["chunk_size"].default
    assert settings.missed_slot_tolerance_minutes() == SETTINGS["missed_slot_tolerance_minutes"].default
    assert settings.demo_mode() is SETTINGS["demo_mode"].default is False
    assert settings.smtp_conn_id() == SETTINGS["smtp_conn_id"].default
    assert settings.failure_mail_to() == []
    assert settings.sql_dir() == ROOT / "include" / "sql"


def test_a_set_value_is_read_with_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", "7")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DEMO_MODE", "True")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FAILURE_MAIL_TO", "a@univ.fr, b@univ.fr")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "x")
    assert settings.chunk_size() == 7
    assert settings.demo_mode() is True
    assert settings.failure_mail_to() == ["a@univ.fr", "b@univ.fr"]
    with pytest.raises(ValueError, match=r"siscol_type = 'X' : attendu A \(Apogée\)"):
        settings.siscol_type()


def test_no_setting_is_read_around_the_table() -> None:
    """Nothing reads ``[ecandidat]`` but settings.py, through the table."""
    direct = _grep(r"""conf\.get\w*\(\s*["']ecandidat["']\s*,\s*["'](\w+)["']""")
    assert direct == {}, f"read outside settings.py: {direct}"


def test_every_setting_a_message_or_the_launcher_names_is_declared() -> None:
    """The French messages say "[ecandidat] x" or AIRFLOW__ECANDIDAT__X; make run sets some."""
    named = _grep(r"\[ecandidat\] (\w+)") | {
        k.lower(): v for k, v in _grep(r"AIRFLOW__ECANDIDAT__([A-Z_]+[A-Z])").items()
    }
    unknown = {name: where for name, where in named.items() if name not in SETTINGS}
    assert unknown == {}


def test_declared_settings_name_real_batches() -> None:
    for s in SETTINGS.values():
        assert set(s.batches) <= set(BATCHES), s.name
        assert s.sens[:1].isupper(), f"{s.name}: a French sentence for the admins"
        assert isinstance(s.default, {"str": str, "bool": bool, "int": int, "float": float}[s.kind]), s.name


# -- connections -------------------------------------------------------------------------------------

#: Where the package names a connection id: hooks' defaults, *_CONN_ID constants, conn_id defaults.
CONN_ID_PATTERNS = (
    r"default_conn_name\s*=\s*\"(\w+)\"",
    r"_CONN_ID\s*=\s*\"(\w+)\"",
    r"conn_id\s*(?::\s*str\s*)?=\s*\"(\w+)\"",
    r"AIRFLOW_CONN_([A-Z_]+[A-Z])",
)


def test_every_connection_id_the_package_uses_is_declared() -> None:
    used: dict[str, list[str]] = {}
    for pattern in CONN_ID_PATTERNS:
        for conn_id, where in _grep(pattern, sorted(PACKAGE.rglob("*.py"))).items():
            used.setdefault(conn_id.lower(), []).extend(where)
    used.setdefault(str(SETTINGS["smtp_conn_id"].default), []).append("settings.py (smtp_conn_id)")
    assert {"ecandidat_db", "airflow_api", "limesurvey_default"} <= set(used), "the grep finds nothing"
    assert {c: w for c, w in used.items() if c not in CONNECTIONS} == {}


@pytest.mark.parametrize(
    ("module", "cls"),
    [
        ("hooks.airflow_api", "AirflowApiHook"),
        ("hooks.limesurvey", "LimeSurveyHook"),
        ("hooks.cmis", "CmisHook"),
        ("hooks.ldap", "EcandidatLdapHook"),
        ("hooks.pegase", "PegaseHook"),
        ("hooks.opi_metier", "OpiMetierHook"),
        ("hooks.opi_metier", "PjOpiMetierHook"),
        ("hooks.apogee", "ApogeeHook"),
    ],
)
def test_each_hook_default_connection_is_declared_with_its_type(module: str, cls: str) -> None:
    hook = getattr(importlib.import_module(f"ecandidat_batches.{module}"), cls)
    spec = CONNECTIONS[hook.default_conn_name]
    assert spec.conn_type.split()[0] == hook.conn_type


def test_every_declared_connection_is_used() -> None:
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in PACKAGE.rglob("*.py")
        if "connections" not in p.relative_to(PACKAGE).parts
    )
    assert [c for c in CONNECTIONS if not re.search(rf"\b{c}\b", text)] == []


#: The hook modules and the connections they read (their extras are what the table must declare).
HOOK_CONNECTIONS = {
    "limesurvey.py": ("limesurvey_default",),
    "cmis.py": ("ecandidat_cmis",),
    "ldap.py": ("ecandidat_ldap",),
    "pegase.py": ("pegase_default",),
    "opi_metier.py": ("opi_metier_default", "pj_opi_metier_default"),
}


@pytest.mark.parametrize("hook_file", sorted(HOOK_CONNECTIONS))
def test_every_extra_a_hook_reads_is_declared(hook_file: str) -> None:
    source = (PACKAGE / "hooks" / hook_file).read_text(encoding="utf-8")
    read = set(re.findall(r"extra(?:_dejson)?\.get\(\s*\"(\w+)\"", source))
    read |= set(re.findall(r"extra(?:_dejson)?\[\"(\w+)\"\]", source))
    for own in re.findall(r"OWN_EXTRAS\s*=\s*\(([^)]*)\)", source):
        read |= set(re.findall(r"\"(\w+)\"", own))
    if "service_url(" in source:  # hooks/connection_url.py: the extra "path" beside a bare host name
        read.add("path")
    assert read, f"no extra found in hooks/{hook_file}: the pattern no longer matches the code"
    for conn_id in HOOK_CONNECTIONS[hook_file]:
        declared = {e.name for e in CONNECTIONS[conn_id].extras}
        assert read - declared == set(), f"{conn_id}: extras read by hooks/{hook_file} but not declared"


def test_http_connections_declare_the_tls_and_proxy_extras() -> None:
    for spec in CONNECTIONS.values():
        if spec.conn_type == "http":
            assert {e.name for e in HTTP_EXTRAS} <= {e.name for e in spec.extras}, spec.conn_id


def test_declared_connections_are_consistent() -> None:
    for spec in CONNECTIONS.values():
        assert set(spec.batches) <= set(BATCHES), spec.conn_id
        assert set(spec.champs) <= {"host", "port", "schema", "login", "password"}, spec.conn_id
        assert spec.exemple["conn_type"] == spec.conn_type.split()[0], spec.conn_id
        assert "password" not in spec.exemple or spec.exemple["password"] == "...", "no secret in examples"
        assert spec.sens[0].isupper(), f"{spec.conn_id}: a French sentence for the admins"
