"""BATCH_SYNCHRO_SISCOL's operators: one task per step of the SI Scolarité synchronisation, and its report.

:func:`synchro_siscol_tasks` lays the 23 steps out in eCandidat's order, each waiting for the steps
whose tables its rows point to (:func:`~ecandidat_batches.siscol.steps.upstream`): in the grid each
step is a task, retryable alone; a failed step stops those that depend on it and the others run.
Each step leaves its summary (XCom ``etape``, with the reload of eCandidat's cache it requested) or
its error (``erreur``); the report task runs whatever happened, waits once for eCandidat's nodes to
take the requested reloads, returns the run's summary and fails the run naming the failed steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.db.nodes import ReloadRequest
from ecandidat_batches.jobs import synchro_siscol
from ecandidat_batches.operators.base import BatchOperator, BatchRun
from ecandidat_batches.siscol.sources import APOGEE_CONN_ID, PEGASE_CONN_ID
from ecandidat_batches.siscol.steps import STEPS, get_step, upstream
from ecandidat_batches.summary import Summary

STEP_KEY = "etape"
ERROR_KEY = "erreur"


class SiscolStepOperator(BatchOperator):
    """Synchronise one step from the configured SI Scolarité (``[ecandidat] siscol_type``).

    :param step: the step's name (:data:`~ecandidat_batches.siscol.steps.STEPS`).
    :param apogee_conn_id: Apogée's database, when ``siscol_type = A`` (templated).
    :param pegase_conn_id: Pégase's APIs, when ``siscol_type = P`` (templated).
    """

    template_fields: Sequence[str] = (*BatchOperator.template_fields, "apogee_conn_id", "pegase_conn_id")
    ui_color = "#e8f6f3"

    def __init__(
        self,
        *,
        step: str,
        apogee_conn_id: str = APOGEE_CONN_ID,
        pegase_conn_id: str = PEGASE_CONN_ID,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("job", synchro_siscol.step_job(get_step(step).name))
        kwargs.setdefault("do_xcom_push", False)  # the step's summary goes to the report (``etape``)
        super().__init__(**kwargs)
        self.step = get_step(step).name
        self.apogee_conn_id = apogee_conn_id
        self.pegase_conn_id = pegase_conn_id

    def arguments(self, run: BatchRun) -> dict[str, Any]:
        return {"typ_siscol": settings.siscol_type()}

    def make_source(self, run: BatchRun) -> Any:
        from ecandidat_batches.siscol.sources import source_for

        return source_for(
            settings.siscol_type(), apogee_conn_id=self.apogee_conn_id, pegase_conn_id=self.pegase_conn_id
        )

    def make_conn(self, run: BatchRun) -> Any:
        """No SI Scolarité: nothing to do, not even the database is needed."""
        return None if settings.siscol_type() == "D" else super().make_conn(run)

    def execute(self, context: Any) -> Any:
        try:
            return super().execute(context)
        except Exception as exc:
            # The report task names the cause; a retry of this task replaces it.
            context["ti"].xcom_push(key=ERROR_KEY, value=f"{exc}"[:2000] or type(exc).__name__)
            raise

    def result(self, summary: Any, context: Any) -> Any:
        context["ti"].xcom_push(key=STEP_KEY, value=summary.as_dict())
        return None


class SiscolReportOperator(BatchOperator):
    """The run's summary from every step's summary, and which eCandidat nodes took the reloads the
    steps requested; fails the run if a step failed or did not run."""

    ui_color = "#d6eaf8"

    def __init__(self, *, steps: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("trigger_rule", "all_done")
        kwargs.setdefault("job", synchro_siscol.JOB)
        super().__init__(**kwargs)
        self.steps = list(steps)

    def make_conn(self, run: BatchRun) -> Any:
        """No SI Scolarité: no step wrote, no node to wait for."""
        return None if settings.siscol_type() == "D" else super().make_conn(run)

    def arguments(self, run: BatchRun) -> dict[str, Any]:
        done = {name: run.ti.xcom_pull(task_ids=name, key=STEP_KEY) for name in self.steps}
        return {
            "steps": {
                name: Summary.from_dict(v) if isinstance(v, dict) else None for name, v in done.items()
            },
            "errors": {name: run.ti.xcom_pull(task_ids=name, key=ERROR_KEY) for name in self.steps},
            "reloads": {
                name: ReloadRequest.from_dict(v[synchro_siscol.RELOAD_KEY])
                for name, v in done.items()
                if isinstance(v, dict) and v.get(synchro_siscol.RELOAD_KEY)
            },
            "typ_siscol": settings.siscol_type(),
        }


def synchro_siscol_tasks() -> SiscolReportOperator:
    """The steps as tasks (numbered as eCandidat runs them), their dependencies, and the report."""
    tasks = {
        step.name: SiscolStepOperator(
            task_id=step.name, task_display_name=f"{number:02d}. {step.label}", step=step.name
        )
        for number, step in enumerate(STEPS, 1)
    }
    for step in STEPS:
        for name in upstream(step):
            tasks[name] >> tasks[step.name]
    report = SiscolReportOperator(task_id="bilan", task_display_name="Bilan", steps=list(tasks))
    list(tasks.values()) >> report
    return report
