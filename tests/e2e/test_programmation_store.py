"""Admin programmations stored in a real Airflow Variable, through the CLI, applied at the next parse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fixtures.airflow import DAGS

from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.schedule.overrides import VARIABLE_KEY

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    return subprocess.run(
        [sys.executable, "-m", "ecandidat_batches.admin.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def stored() -> str | None:
    response = AirflowApiHook().api("GET", f"/variables/{VARIABLE_KEY}", ok=(200, 404))
    return None if response.status_code == 404 else response.json()["value"]


def write_by_hand(value: str) -> None:
    """As an admin would with `airflow variables set` (which writes the metadata database directly),
    bypassing the validation. (Airflow's own REST API answers 500 to the deeply nested value.)"""
    from airflow.models.variable import Variable
    from airflow.utils.session import create_session

    with create_session() as session:
        session.add(Variable(key=VARIABLE_KEY, val=value))


@pytest.fixture
def clean_variable(airflow_api: str, batch_dags: list[str]):
    hook = AirflowApiHook()
    hook.api("DELETE", f"/variables/{VARIABLE_KEY}", ok=(204, 404))
    yield
    hook.api("DELETE", f"/variables/{VARIABLE_KEY}", ok=(204, 404))


@pytest.fixture(autouse=True)
def metastore_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    # The DAG processor reads Variables from the metadata database (through the Execution API);
    # an in-process DagBag does so only in Airflow's "server" secrets context.
    monkeypatch.setenv("_AIRFLOW_PROCESS_CONTEXT", "server")


def _demo_dag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS / "batch_demo.py")).dags["BATCH_DEMO"]


def test_cli_set_is_stored_and_applied_at_next_parse(clean_variable: None) -> None:
    done = cli("set", "BATCH_DEMO", "Tous les sam, dim à 06h15")
    assert done.returncode == 0, done.stderr
    assert "BATCH_DEMO : Tous les sam, dim à 06h15" in done.stdout
    assert '"BATCH_DEMO"' in (stored() or "")
    dag = _demo_dag()
    assert dag.timetable.expression == "15 6 * * 6,0"
    assert dag.description == "Programmation : Tous les sam, dim à 06h15"

    listing = cli("list")
    assert listing.returncode == 0
    header = listing.stdout.splitlines()[0]
    for column in (
        "Code",
        "Libellé",
        "En service",
        "Lancement immédiat",
        "Programmation",
        "Dernière exécution",
    ):
        assert column in header
    line = next(ln for ln in listing.stdout.splitlines() if ln.startswith("BATCH_DEMO"))
    assert "Tous les sam, dim à 06h15 (modifiée)" in line

    assert cli("reset", "BATCH_DEMO").returncode == 0
    assert _demo_dag().timetable.expression == "50 3 * * 1,2,3,4,5"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Tous les lun à 24h00", "Refusé : BATCH_DEMO : heure : 24 hors limites"),
        ('{"jours": ["lun"], "heure": 3, "minute": 60}', "Refusé : BATCH_DEMO : minute : 60 hors limites"),
        ('{"jours": ["lun"], "frequence": 0}', "Refusé : BATCH_DEMO : frequence : 0 hors limites"),
        ("Tous les lundi à 03h00", "Refusé : BATCH_DEMO : jours : jour inconnu 'lundi'"),
    ],
)
def test_cli_refuses_bad_values(clean_variable: None, value: str, message: str) -> None:
    done = cli("set", "BATCH_DEMO", value)
    assert done.returncode == 2
    assert message in done.stderr
    assert stored() is None


def test_bad_value_written_by_hand_is_reported_by_the_cli(clean_variable: None) -> None:
    write_by_hand('{"BATCH_DEMO": {"heure": 24}}')
    listing = cli("list")
    line = next(ln for ln in listing.stdout.splitlines() if ln.startswith("BATCH_DEMO"))
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in line
    assert "⚠ BATCH_DEMO : heure : 24 hors limites" in listing.stdout


def test_a_deeply_nested_value_written_by_hand_breaks_nothing(clean_variable: None) -> None:
    """5,000 levels of nesting: the CLI lists with the problem shown, and refuses to write over it."""
    write_by_hand('{"BATCH_DEMO": ' + "[" * 5000 + "]" * 5000 + "}")
    listing = cli("list")
    assert listing.returncode == 0, listing.stderr
    line = next(ln for ln in listing.stdout.splitlines() if ln.startswith("BATCH_DEMO"))
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in line
    # Airflow's own Variables API cannot serve that value (500): the CLI says it, once.
    assert listing.stdout.count("⚠") == 1
    assert "programmation enregistrée illisible" in listing.stdout
    done = cli("set", "BATCH_DEMO", "Tous les lun à 04h00")
    assert done.returncode == 2
    assert "Refusé : BATCH_DEMO : programmation : la valeur enregistrée est illisible" in done.stderr
    assert "airflow variables delete ecandidat_batches_programmations" in done.stderr
    from airflow.models.variable import Variable
    from airflow.utils.session import create_session

    with create_session() as session:  # nothing was written over it
        assert session.query(Variable).filter_by(key=VARIABLE_KEY).one().val.startswith('{"BATCH_DEMO": [[[')
