"""The batches' state from Airflow's metadata database: for the API server only (the Batches page).

The ORM is the sanctioned way to read Airflow's state inside the API server; task code never imports
this module (Airflow 3 forbids it; see ``tests/dags/test_no_metadata_db.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ecandidat_batches.schedule.overrides import VARIABLE_KEY
from ecandidat_batches.state import Dag, Run
from ecandidat_batches.summary import Summary

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql import Select


class OrmBatchState:
    """:class:`ecandidat_batches.state.BatchState` on a SQLAlchemy session of the metadata database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def dags(self, codes: Collection[str]) -> dict[str, Dag]:
        from airflow.models.dag import DagModel
        from sqlalchemy import select

        query = select(DagModel.dag_id, DagModel.is_paused).where(
            DagModel.dag_id.in_(list(codes)), ~DagModel.is_stale
        )
        return {dag_id: Dag(paused=bool(paused)) for dag_id, paused in self.session.execute(query)}

    def pending_launches(self, codes: Collection[str]) -> set[str]:
        return set(self.session.scalars(pending_launches_query(codes, columns="dag_id")))

    def latest_runs(self, codes: Collection[str]) -> dict[str, Run]:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import func, select

        ranked = (
            select(
                DagRun.id,
                func.row_number()
                .over(partition_by=DagRun.dag_id, order_by=(DagRun.start_date.desc(), DagRun.id.desc()))
                .label("rank"),
            )
            .where(DagRun.dag_id.in_(list(codes)), DagRun.start_date.is_not(None))
            .subquery()
        )
        query = select(DagRun).join(ranked, ranked.c.id == DagRun.id).where(ranked.c.rank == 1)
        return {run.dag_id: run_of(run) for run in self.session.scalars(query)}

    def running(self, codes: Collection[str]) -> set[str]:
        from airflow.models.dagrun import DagRun
        from airflow.utils.state import DagRunState
        from sqlalchemy import select

        query = select(DagRun.dag_id).where(
            DagRun.dag_id.in_(list(codes)), DagRun.state == DagRunState.RUNNING
        )
        return set(self.session.scalars(query))

    def overrides(self) -> str | None:
        from airflow.models.variable import Variable
        from sqlalchemy import select

        row = self.session.scalars(select(Variable).where(Variable.key == VARIABLE_KEY)).first()
        return None if row is None else row.val

    def import_errors(self, codes: Collection[str]) -> dict[str, str]:
        from airflow.models.errors import ParseImportError
        from sqlalchemy import select

        by_file = {f"{code.lower()}.py": code for code in codes}
        found: dict[str, str] = {}
        for filename, stacktrace in self.session.execute(
            select(ParseImportError.filename, ParseImportError.stacktrace)
        ):
            code = by_file.get(PurePosixPath(filename or "").name)
            if code is not None:
                found[code] = stacktrace or ""
        return found


def history(
    session: Session, dag_id: str, page: int, size: int
) -> tuple[int, list[tuple[Run, dict[str, Any] | None]]]:
    """One page of a batch's runs, newest first (by ``run_after``), with each run's summary (its XCom)."""
    from airflow.models.dagrun import DagRun
    from airflow.models.xcom import XComModel
    from sqlalchemy import func, select

    total = session.scalar(select(func.count()).where(DagRun.dag_id == dag_id)) or 0
    query = (
        select(DagRun)
        .where(DagRun.dag_id == dag_id)
        .order_by(DagRun.run_after.desc(), DagRun.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    )
    runs = list(session.scalars(query))
    summaries: dict[str, list[dict[str, Any]]] = {}
    if runs:
        xcoms = session.scalars(
            select(XComModel)
            .where(
                XComModel.dag_id == dag_id,
                XComModel.run_id.in_([r.run_id for r in runs]),
                XComModel.key == "return_value",
            )
            .order_by(XComModel.timestamp)
        )
        for xcom in xcoms:  # a run's tasks' summaries, in the order they ended (changes, then mails)
            value = XComModel.deserialize_value(xcom)
            if isinstance(value, dict) and isinstance(value.get("lignes"), list):
                summaries.setdefault(xcom.run_id, []).append(value)
    merged = {run_id: Summary.merged(values) for run_id, values in summaries.items()}
    return total, [(run_of(r), _as_dict(merged.get(r.run_id))) for r in runs]


def _as_dict(summary: Summary | None) -> dict[str, Any] | None:
    return None if summary is None else summary.as_dict()


def pending_launches_query(codes: Collection[str], *, columns: str = "run") -> Select[Any]:
    """The pending launches of the batches (``state`` defines them), as a query.

    ``columns="dag_id"`` selects the batch codes; otherwise the ``DagRun`` rows (for locking them).
    """
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunType
    from sqlalchemy import exists, select

    attempted = exists().where(
        TaskInstance.dag_id == DagRun.dag_id,
        TaskInstance.run_id == DagRun.run_id,
        TaskInstance.try_number > 0,
    )
    return select(DagRun.dag_id if columns == "dag_id" else DagRun).where(
        DagRun.dag_id.in_(list(codes)),
        DagRun.state == DagRunState.QUEUED,
        DagRun.run_type == DagRunType.MANUAL,
        DagRun.start_date.is_(None),
        ~attempted,
    )


def run_of(run: Any) -> Run:
    """A ``DagRun`` row as a :class:`Run`."""
    return Run(
        dag_id=run.dag_id,
        run_id=run.run_id,
        state=str(run.state),
        run_type=str(run.run_type),
        run_after=run.run_after,
        start_date=run.start_date,
        end_date=run.end_date,
        note=run.note,
        triggering_user_name=getattr(run, "triggering_user_name", None),
    )
