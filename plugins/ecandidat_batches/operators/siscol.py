"""BATCH_SYNCHRO_SISCOL's operators: one task per step of the SI Scolarité synchronisation, and its report.

:func:`synchro_siscol_tasks` lays the 23 steps out in eCandidat's order, each waiting for the steps
whose tables its rows point to (:func:`~ecandidat_batches.siscol.steps.upstream`): in the grid each
step is a task, retryable alone; a failed step stops those that depend on it and the others run.
The report task runs whatever happened and fails the run naming the failed steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings
from ecandidat_batches.siscol.sources import APOGEE_CONN_ID, PEGASE_CONN_ID
from ecandidat_batches.siscol.steps import STEPS, get_step, upstream

ERROR_KEY = "erreur"


class SiscolStepOperator(BaseOperator):
    """Synchronise one step from the configured SI Scolarité (``[ecandidat] siscol_type``).

    :param step: the step's name (:data:`~ecandidat_batches.siscol.steps.STEPS`).
    :param ecandidat_conn_id: the eCandidat database (templated).
    :param apogee_conn_id: Apogée's database, when ``siscol_type = A`` (templated).
    :param pegase_conn_id: Pégase's APIs, when ``siscol_type = P`` (templated).
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id", "apogee_conn_id", "pegase_conn_id")
    ui_color = "#e8f6f3"

    def __init__(
        self,
        *,
        step: str,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        apogee_conn_id: str = APOGEE_CONN_ID,
        pegase_conn_id: str = PEGASE_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.step = get_step(step).name
        self.ecandidat_conn_id = ecandidat_conn_id
        self.apogee_conn_id = apogee_conn_id
        self.pegase_conn_id = pegase_conn_id

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches.db.preflight import require_columns
        from ecandidat_batches.jobs import synchro_siscol
        from ecandidat_batches.operators.base import app_connection
        from ecandidat_batches.siscol.sources import NoSource, source_for

        try:
            typ = settings.siscol_type()
            source = source_for(typ, apogee_conn_id=self.apogee_conn_id, pegase_conn_id=self.pegase_conn_id)
            if isinstance(source, NoSource):  # nothing to do: not even the database is needed
                return synchro_siscol.run_step(None, self.step, source, typ_siscol=typ)
            dry_run = bool((context.get("params") or {}).get("dry_run"))
            with app_connection(self.ecandidat_conn_id) as conn:
                wanted = synchro_siscol.required_columns(self.step)
                require_columns(conn, wanted, self.ecandidat_conn_id)
                return synchro_siscol.run_step(conn, self.step, source, typ_siscol=typ, dry_run=dry_run)
        except Exception as exc:
            # The report task names the cause; a retry of this task replaces it.
            context["ti"].xcom_push(key=ERROR_KEY, value=f"{exc}"[:2000] or type(exc).__name__)
            raise


class SiscolReportOperator(BaseOperator):
    """The run's summary from every step's outcome; fails the run if a step failed or did not run."""

    ui_color = "#d6eaf8"

    def __init__(self, *, steps: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("trigger_rule", "all_done")
        super().__init__(**kwargs)
        self.steps = list(steps)

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches.jobs import synchro_siscol

        ti = context["ti"]
        outcomes = {name: ti.xcom_pull(task_ids=name) for name in self.steps}
        errors = {name: ti.xcom_pull(task_ids=name, key=ERROR_KEY) for name in self.steps}
        dry_run = bool((context.get("params") or {}).get("dry_run"))
        summary = synchro_siscol.report(
            outcomes, errors, typ_siscol=settings.siscol_type(), code=context["dag"].dag_id, dry_run=dry_run
        )
        return summary.as_dict()


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
