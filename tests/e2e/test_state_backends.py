"""One definition of a batch's state, two backends: the same tests against the ORM and the REST API.

The page reads Airflow's metadata database (inside the API server); tasks and the CLI read the REST
API. Both answer the questions of ``ecandidat_batches.state`` and must agree, on a real Airflow (API
server and DAG processor), in every situation the screen shows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.schedule.overrides import VARIABLE_KEY
from ecandidat_batches.state import BatchState

CODES = ["BATCH_ARCHIVAGE", "BATCH_DEMO", "BATCH_NETTOYAGE_CPT", "BATCH_APP_EN_MAINT", "BATCH_ASYNC_OPI_PJ"]
T0 = dt.datetime(2026, 11, 2, 21, 30, tzinfo=dt.UTC)


def _orm_update(model: Any, where: dict[str, Any], **values: Any) -> None:
    """Stand in for what the scheduler would have done (the ORM is fine in a test's setup)."""
    from airflow.utils.session import create_session
    from sqlalchemy import update

    with create_session() as session:
        query = update(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        session.execute(query.values(**values))


def _trigger(api: AirflowApiHook, code: str) -> str:
    run_id = f"manual__{uuid.uuid4().hex[:8]}"
    api.api("POST", f"/dags/{code}/dagRuns", json={"logical_date": None, "dag_run_id": run_id})
    return run_id


@pytest.fixture(scope="module")
def situation(batch_dags: list[str]) -> Iterator[dict[str, Any]]:
    """Every case the screen shows, set up once through the API (and the ORM for the scheduler's part)."""
    from airflow.models.dagrun import DagRun
    from airflow.models.errors import ParseImportError
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    api = AirflowApiHook()
    api.api("PATCH", "/dags/BATCH_DEMO", json={"is_paused": False})
    # BATCH_ARCHIVAGE: a launch waiting (out of service, so it stays queued), and two finished runs.
    pending = _trigger(api, "BATCH_ARCHIVAGE")
    older, newer = _trigger(api, "BATCH_ARCHIVAGE"), _trigger(api, "BATCH_ARCHIVAGE")
    for run_id, start, state in ((older, T0, "success"), (newer, T0 + dt.timedelta(days=1), "failed")):
        _orm_update(DagRun, {"dag_id": "BATCH_ARCHIVAGE", "run_id": run_id}, state=state, start_date=start,
                    end_date=start + dt.timedelta(seconds=18))  # fmt: skip
        _orm_update(TaskInstance, {"dag_id": "BATCH_ARCHIVAGE", "run_id": run_id}, try_number=1)
    api.api("PATCH", f"/dags/BATCH_ARCHIVAGE/dagRuns/{newer}", json={"note": "INTERRUPT - test"})
    # BATCH_NETTOYAGE_CPT: a manual run that ran, then was cleared to run again: queued, no start date,
    # but attempts: not a launch.
    cleared = _trigger(api, "BATCH_NETTOYAGE_CPT")
    _orm_update(TaskInstance, {"dag_id": "BATCH_NETTOYAGE_CPT", "run_id": cleared}, try_number=1)
    # BATCH_APP_EN_MAINT: running since T0.
    running = _trigger(api, "BATCH_APP_EN_MAINT")
    _orm_update(DagRun, {"dag_id": "BATCH_APP_EN_MAINT", "run_id": running}, state="running", start_date=T0)
    # BATCH_DEMO: a stored programmation.
    override = json.dumps({"BATCH_DEMO": {"jours": ["sam"], "heure": 6, "minute": 15}})
    api.api("POST", "/variables", json={"key": VARIABLE_KEY, "value": override})
    # BATCH_ASYNC_OPI_PJ has no DAG; its file would be in error.
    with create_session() as session:
        error = ParseImportError(
            filename="batch_async_opi_pj.py",
            bundle_name="dags-folder",
            stacktrace="SyntaxError: test",
            timestamp=dt.datetime.now(dt.UTC),
        )
        session.add(error)
    try:
        yield {"pending": pending, "older": older, "newer": newer, "override": override}
    finally:
        with create_session() as session:
            session.query(ParseImportError).filter(
                ParseImportError.filename == "batch_async_opi_pj.py"
            ).delete()


@pytest.fixture(params=["orm", "rest"])
def state(request: pytest.FixtureRequest, situation: dict[str, Any]) -> Iterator[BatchState]:
    if request.param == "rest":
        from ecandidat_batches.state.rest import RestBatchState

        yield RestBatchState(AirflowApiHook())
        return
    from airflow.utils.session import create_session

    from ecandidat_batches.state.orm import OrmBatchState

    with create_session() as session:
        yield OrmBatchState(session)


def test_en_service(state: BatchState) -> None:
    dags = state.dags(CODES)
    assert set(dags) == set(CODES) - {"BATCH_ASYNC_OPI_PJ"}  # no DAG for it
    assert {code for code, dag in dags.items() if dag.en_service} == {"BATCH_DEMO"}


def test_pending_launch(state: BatchState) -> None:
    # A launch waiting; a cleared run (it has attempts) and a running one are not launches.
    assert state.pending_launches(CODES) == {"BATCH_ARCHIVAGE"}


def test_latest_run(state: BatchState, situation: dict[str, Any]) -> None:
    latest = state.latest_runs(CODES)
    assert set(latest) == {"BATCH_ARCHIVAGE", "BATCH_APP_EN_MAINT"}
    run = latest["BATCH_ARCHIVAGE"]
    assert run.run_id == situation["newer"]
    assert (run.state, run.interrupted, run.start_date) == ("failed", True, T0 + dt.timedelta(days=1))
    assert latest["BATCH_APP_EN_MAINT"].state == "running"


def test_running(state: BatchState) -> None:
    assert state.running(CODES) == {"BATCH_APP_EN_MAINT"}


def test_override(state: BatchState, situation: dict[str, Any]) -> None:
    assert state.overrides() == situation["override"]


def test_import_errors(state: BatchState) -> None:
    assert state.import_errors(CODES) == {"BATCH_ASYNC_OPI_PJ": "SyntaxError: test"}


def test_the_screen_reads_the_same_from_both(situation: dict[str, Any]) -> None:
    from airflow.utils.session import create_session

    from ecandidat_batches.admin.screen import rows
    from ecandidat_batches.state.orm import OrmBatchState
    from ecandidat_batches.state.rest import RestBatchState

    with create_session() as session:
        assert rows(OrmBatchState(session)) == rows(RestBatchState(AirflowApiHook()))
