"""Admin programmations stored in a real Airflow Variable, through the CLI, applied at the next parse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecandidat_batches.admin.programmations import ApiVariableStore
from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.overrides import VARIABLE_KEY

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


@pytest.fixture
def clean_variable(airflow_api: str):
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

    return DagBag(dag_folder=str(ROOT / "dags" / "batch_demo.py")).dags["BATCH_DEMO"]


def test_cli_set_is_stored_and_applied_at_next_parse(clean_variable: None) -> None:
    done = cli("set", "BATCH_DEMO", "Tous les sam, dim à 06h15")
    assert done.returncode == 0, done.stderr
    assert "BATCH_DEMO : Tous les sam, dim à 06h15" in done.stdout
    assert '"BATCH_DEMO"' in (ApiVariableStore().read() or "")
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
    assert ApiVariableStore().read() is None


def test_bad_value_written_by_hand_is_reported_by_the_cli(clean_variable: None) -> None:
    # Written by hand (Admin > Variables, or `airflow variables set`), bypassing the validation.
    ApiVariableStore().write('{"BATCH_DEMO": {"heure": 24}}')
    listing = cli("list")
    line = next(ln for ln in listing.stdout.splitlines() if ln.startswith("BATCH_DEMO"))
    assert "Tous les lun, mar, mer, jeu, ven à 03h50" in line
    assert "⚠ BATCH_DEMO : heure : 24 hors limites" in listing.stdout
