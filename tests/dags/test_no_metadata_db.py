"""Task code must not use Airflow's metadata database (Airflow 3 forbids it; dag.test() does not check).

A static check of every module that runs in a task: the DAG files and the package, except the admin
page (it runs inside the API server, where the ORM is the sanctioned way).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "ecandidat_batches"
# Runs in the API server, not in tasks: the page and the ORM backend of the batches' state.
SERVER_SIDE = {PACKAGE / "admin", PACKAGE / "state" / "orm.py"}

FORBIDDEN_MODULES = ("airflow.models", "airflow.utils.session", "airflow.settings", "airflow.utils.db")
FORBIDDEN_NAMES = {"create_session", "provide_session", "NEW_SESSION"}


def task_modules() -> list[Path]:
    files = sorted((ROOT / "dags").glob("*.py")) + sorted(PACKAGE.rglob("*.py"))
    return [f for f in files if f not in SERVER_SIDE and not any(p in SERVER_SIDE for p in f.parents)]


def violations(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            found += [
                f"{path.name}:{node.lineno} imports {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES
            ]
        elif isinstance(node, ast.Attribute) and (
            node.attr in FORBIDDEN_NAMES
            or (node.attr == "Session" and ast.unparse(node.value).endswith("settings"))
        ):
            found.append(f"{path.name}:{node.lineno} uses {ast.unparse(node)}")
            continue
        else:
            continue
        found += [f"{path.name}:{node.lineno} imports {n}" for n in names if n.startswith(FORBIDDEN_MODULES)]
    return found


@pytest.mark.parametrize("path", task_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_task_code_does_not_touch_the_metadata_db(path: Path) -> None:
    assert violations(path) == []


def test_the_check_catches_each_forbidden_form(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from airflow.models import DagRun\n"
        "from airflow.utils.session import create_session\n"
        "import airflow.settings\n"
        "def f(settings, requests):\n"
        "    requests.Session()\n"
        "    return settings.Session()\n"
    )
    found = violations(bad)
    assert {int(f.split(":")[1].split()[0]) for f in found} == {1, 2, 3, 6}, found
