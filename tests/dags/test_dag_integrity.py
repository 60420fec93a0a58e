"""DAG integrity: every DAG file parses, and matches the registry exactly."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from ecandidat_batches.schedule.registry import BATCHES, get_batch

DAGS = Path(__file__).resolve().parents[2] / "dags"
DAG_FILES = sorted(p for p in DAGS.glob("*.py"))
VAR_ENV = "AIRFLOW_VAR_ECANDIDAT_BATCHES_PROGRAMMATIONS"


def _dagbag(path: Path):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(path))


@pytest.fixture(scope="module")
def dagbag(airflow_db: None):
    bag = _dagbag(DAGS)
    assert bag.import_errors == {}
    return bag


def test_every_dag_file_is_a_batch_of_the_registry(dagbag) -> None:
    assert DAG_FILES, "no DAG file found"
    for path in DAG_FILES:
        code = path.stem.upper()
        assert code in BATCHES, f"{path.name} is not named after a batch code"
        assert code in dagbag.dags, f"{path.name} does not define the DAG {code}"
    assert set(dagbag.dags) == {p.stem.upper() for p in DAG_FILES}


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.stem)
def test_dag_matches_registry(dagbag, path: Path) -> None:
    batch = get_batch(path.stem.upper())
    dag = dagbag.dags[batch.code]
    prog = batch.programmation
    assert dag.dag_display_name == batch.libelle
    assert dag.description == f"Programmation : {prog.libelle()}"
    assert dag.is_paused_upon_creation is (not batch.en_service)
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert dag.dagrun_timeout == batch.timeout
    assert dag.start_date is None, "a start_date would make the first unpause run a missed slot"
    assert {"ecandidat", "batch"} <= set(dag.tags)
    assert dag.default_args["owner"] == "ecandidat"
    assert batch.code in (dag.doc_md or "")
    for parametre in batch.parametres:
        assert parametre in dag.doc_md
    cron = prog.cron()
    # Airflow's DAG list shows the timetable's summary: the programmation in eCandidat's words.
    assert dag.timetable.summary == prog.libelle()
    if cron is None:
        assert type(dag.timetable).__name__ == "BatchManualTimetable"
        assert not dag.timetable.can_be_scheduled
    else:
        assert type(dag.timetable).__name__ == "BatchCronTimetable"
        assert dag.timetable.expression == cron
        assert str(dag.timetable.timezone) in ("Europe/Paris", "Timezone('Europe/Paris')")
    # One task: the batch's job (through the adapter or an operator), whose XCom is the summary; or
    # (BATCH_SYNCHRO_SISCOL) one task per step and a report, the only leaf, whose XCom is the summary.
    leaves = [t for t in dag.tasks if not t.downstream_list]
    assert len(leaves) == 1
    if len(dag.tasks) > 1:
        assert leaves[0].trigger_rule == "all_done", "the report runs whatever the steps did"
        assert set(leaves[0].upstream_task_ids) == {t.task_id for t in dag.tasks} - {leaves[0].task_id}
    assert set(dag.params.keys()) >= ({"dry_run"} if batch.dry_run else set())
    assert ("dry_run" in dag.params) is batch.dry_run
    assert dag.on_failure_callback is not None


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.stem)
def test_job_takes_what_the_operator_and_the_dag_give(dagbag, path: Path) -> None:
    """Every task is a BatchOperator, which calls ``run(code=, **options, **resources, **arguments,
    **params)``: it can build each resource its job declares, and the job takes exactly what it gets."""
    import contextlib
    import inspect

    from ecandidat_batches.operators.base import BatchOperator, BatchRun

    batch = get_batch(path.stem.upper())
    dag = dagbag.dags[batch.code]
    assert batch.job is not None
    for task in dag.tasks:
        assert isinstance(task, BatchOperator), f"{task.task_id} is not a BatchOperator"
        job = task.job_of(batch.code)
        assert job.run is not None
        for name in job.resources:
            assert callable(getattr(task, f"make_{name}", None)), f"{task.task_id} cannot build {name}"
        ti = type("TI", (), {"xcom_pull": lambda *_a, **_k: None})()
        run = BatchRun(batch.code, {}, batch.code, "run", contextlib.ExitStack(), ti)
        accepted = inspect.signature(job.run).parameters
        given = {"code", *job.options, *job.resources, *task.arguments(run), *dag.params.keys()}
        assert given <= set(accepted), f"{job.name} does not take {given - set(accepted)}"
        required = {n for n, p in accepted.items() if p.default is p.empty and p.kind != p.VAR_KEYWORD}
        assert required <= given, f"{job.name} needs {required - given} that nobody gives"


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.stem)
def test_parse_time_is_small(airflow_db: None, path: Path) -> None:
    _dagbag(path)  # warm the imports shared by all files
    started = time.perf_counter()
    bag = _dagbag(path)
    elapsed = time.perf_counter() - started
    assert bag.import_errors == {}
    print(f"{path.name}: parsed in {elapsed * 1000:.0f} ms")
    # Generous bound: a file that calls a database or an API at top level takes seconds, not this.
    assert elapsed < 2.0


def test_valid_override_changes_the_schedule(airflow_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR_ENV, '{"BATCH_DEMO": {"jours": ["sam"], "heure": 6, "minute": 15}}')
    dag = _dagbag(DAGS / "batch_demo.py").dags["BATCH_DEMO"]
    assert dag.timetable.expression == "15 6 * * 6"
    assert dag.description == "Programmation : Tous les sam à 06h15"
    assert "modifiée par un administrateur" in dag.doc_md


@pytest.mark.parametrize(
    "raw",
    [
        '{"BATCH_DEMO": {"heure": 24, "minute": 0, "jours": ["lun"]}}',
        '{"BATCH_DEMO": {"minute": 60}}',
        '{"BATCH_DEMO": {"jours": ["lun"], "frequence": 0}}',
        '{"BATCH_DEMO": {"jours": ["lundi"]}}',
        '{"BATCH_DEMO": {"jours": [["lun"]]}}',
        '{"BATCH_DEMO": {"heure": ' + "9" * 5000 + "}}",
        "{not json",
        # 5,000 levels of nesting, and 200 KB: Python's JSON decoder and the bounds refuse them.
        '{"BATCH_DEMO": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"BATCH_DEMO": {"heure": 1, "x": "' + "a" * 200_000 + '"}}',
    ],
    ids=["heure", "minute", "frequence", "jour", "jours", "entier", "json", "profond", "enorme"],
)
def test_bad_override_never_breaks_parsing(
    airflow_db: None, monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv(VAR_ENV, raw)
    bag = _dagbag(DAGS)
    assert bag.import_errors == {}
    dag = bag.dags["BATCH_DEMO"]
    assert dag.timetable.expression == get_batch("BATCH_DEMO").programmation.cron()
    assert "⚠" in dag.description
    assert "Programmation enregistrée invalide" in dag.doc_md
    # a bad entry touches only its batch; an unreadable variable, all of them
    whole = raw.startswith("{not") or len(raw) > 1000  # not JSON, or beyond what JSON or the bounds read
    assert ("⚠" in bag.dags["BATCH_APP_EN_MAINT"].description) is whole
    assert len(dag.doc_md) < 3000


def test_a_stored_value_never_reaches_the_docs_as_markdown(
    airflow_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = "![x](http://evil.example/x.png) [clic](http://evil.example/)"
    monkeypatch.setenv(VAR_ENV, json.dumps({"BATCH_DEMO": {"jours": [planted]}}))
    doc = _dagbag(DAGS / "batch_demo.py").dags["BATCH_DEMO"].doc_md
    problem = next(line for line in doc.splitlines() if "Programmation enregistrée invalide" in line)
    # Rendered as code: the only Markdown around the planted text is one code span.
    span = problem.split("`")
    assert len(span) == 3
    assert "evil.example" in span[1]
    assert "evil.example" not in span[0] + span[2]


def test_one_day_programmation_sets_end_date(airflow_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        VAR_ENV, '{"BATCH_DEMO": {"jour_fixe": 15, "mois_fixe": 6, "annee_fixe": 2027, "heure": 3}}'
    )
    dag = _dagbag(DAGS / "batch_demo.py").dags["BATCH_DEMO"]
    assert dag.timetable.expression == "0 3 15 6 *"
    assert dag.end_date is not None
    assert dag.end_date.astimezone(dt.UTC) == dt.datetime(2027, 6, 15, 21, 59, 59, tzinfo=dt.UTC)


def test_the_tests_airflow_deploys_the_dags_but_the_opi_ones() -> None:
    """The scheduler tests' stand-ins take the OPI batches' codes: the tests' DAGs folder leaves the OPI
    DAGs out (a folder bound before the session's configuration would be the repository's dags/)."""
    import os

    from tests.fixtures.airflow import NOT_DEPLOYED

    folder = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    assert folder.resolve() != DAGS.resolve()
    deployed = {p.name for p in folder.glob("*.py")}
    assert deployed, "no DAG deployed"
    assert not deployed & set(NOT_DEPLOYED)
