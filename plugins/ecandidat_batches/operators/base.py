"""``BatchOperator``: the one seam between Airflow and a batch's job.

Every task of a batch is a ``BatchOperator`` or a subclass of it. It reads the batch from its DAG (the
``dag_id`` is the batch code) and the job from the registry (or its own ``job``), reads the run's params
once (``dry_run``...), builds the resources the job declares (:data:`~ecandidat_batches.jobs.RESOURCES`:
each by a ``make_<name>`` method, closed when the run ends), checks before any change that the tables
and columns the job uses are in the database, runs the job and returns its summary as the task's XCom,
where the Batches page reads it. A job that fails at the end raises
:class:`~ecandidat_batches.summary.BatchFailedError`, the one wording of a failed run.

The operators of the external systems (LimeSurvey, the SI Scolarité, the OPI services, SMTP) extend it
with their connections (templated arguments) and the ``make_<name>`` of their resources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings
from ecandidat_batches.jobs import Job
from ecandidat_batches.schedule.registry import get_batch


@dataclass(frozen=True)
class BatchRun:
    """What a task knows of its run: the batch, its params, where it runs."""

    code: str
    params: Mapping[str, Any]
    dag_id: str
    run_id: str
    stack: ExitStack
    ti: Any = None

    @property
    def dry_run(self) -> bool:
        """The run only reports what it would do (the "Simulation" param)."""
        return bool(self.params.get("dry_run"))


class BatchOperator(BaseOperator):
    """Run a batch's job with the resources it declares and return its summary.

    :param job: the job; default the registry's job of the DAG's batch.
    :param ecandidat_conn_id: the eCandidat database (templated).
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id",)
    ui_color = "#eaf2f8"

    def __init__(
        self, *, job: Job | None = None, ecandidat_conn_id: str = settings.APP_DB_CONN_ID, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.job = job
        self.ecandidat_conn_id = ecandidat_conn_id

    def job_of(self, code: str) -> Job:
        """The job this task runs for batch ``code``."""
        job = self.job or get_batch(code).job
        if job is None:
            raise RuntimeError(f"{code} : ce batch n'a pas encore de traitement dans ce paquet")
        return job

    def execute(self, context: Any) -> Any:
        dag_run = context.get("dag_run")
        run_id = dag_run.run_id if dag_run is not None else ""
        code = context["dag"].dag_id
        job = self.job_of(code)
        with ExitStack() as stack:
            run = BatchRun(code, dict(context.get("params") or {}), code, run_id, stack, context.get("ti"))
            resources = {name: self.resource(name, run) for name in job.resources}
            newer = None
            if resources.get("conn") is not None:  # before any change: the tables and columns it uses
                from ecandidat_batches.db.ecandidat_version import newer_than_known
                from ecandidat_batches.db.preflight import check_job

                check_job(resources["conn"], job, self.ecandidat_conn_id)
                if self._first_of_run(context):  # a newer eCandidat is said once in the run's summary
                    newer = newer_than_known(resources["conn"])
                    if newer is not None:
                        self.log.warning("%s", newer.message())
            kwargs = {**job.options, **resources, **self.arguments(run), **run.params}
            summary = job.run(code=code, **kwargs)
            if newer is not None:
                summary.add(newer.message())
        return self.result(summary, context)

    def _first_of_run(self, context: Any) -> bool:
        """Whether this task is its DAG's first (the first without upstream, in the DAG's order)."""
        dag = context.get("dag")
        tasks = getattr(dag, "tasks", None) or [self]
        return next((t for t in tasks if not t.upstream_task_ids), self).task_id == self.task_id

    def result(self, summary: Any, context: Any) -> Any:
        """What the task returns (its XCom): the summary, JSON-serialisable."""
        return summary.as_dict()

    def arguments(self, run: BatchRun) -> dict[str, Any]:
        """Keyword arguments of the job beyond its resources (an operator's own settings)."""
        return {}

    def resource(self, name: str, run: BatchRun) -> Any:
        """Build the resource ``name`` for this run (``make_<name>``)."""
        make = getattr(self, f"make_{name}", None)
        if make is None:
            raise TypeError(f"{type(self).__name__} cannot build the resource {name!r}")
        return make(run)

    # The resources every batch task can build.

    @cached_property
    def hook(self) -> Any:
        """The eCandidat database's hook (MariaDB/MySQL or PostgreSQL, as its connection says)."""
        from ecandidat_batches.db.connection import hook_for

        return hook_for(self.ecandidat_conn_id)

    def make_conn(self, run: BatchRun) -> Any:
        from ecandidat_batches.db.connection import app_connection

        return run.stack.enter_context(app_connection(self.ecandidat_conn_id, self.hook))

    def make_store(self, run: BatchRun) -> Any:
        from ecandidat_batches.files.stores import configured_store

        return configured_store()

    def make_stores(self, run: BatchRun) -> Any:
        from ecandidat_batches.files.stores import configured_stores

        return configured_stores()

    def make_api(self, run: BatchRun) -> Any:
        from ecandidat_batches.hooks.airflow_api import AirflowApiHook

        return AirflowApiHook()

    def make_ldap(self, run: BatchRun) -> Any:
        from ecandidat_batches.hooks.ldap import EcandidatLdapHook

        return EcandidatLdapHook()

    def make_outbox_journal(self, run: BatchRun) -> Any:
        from ecandidat_batches.mails.outbox import VariableJournal

        return VariableJournal(run.code)

    def make_own_run(self, run: BatchRun) -> tuple[str, str]:
        return run.dag_id, run.run_id

    def make_batches(self, run: BatchRun) -> tuple[str, ...]:
        """The registry's batch codes (the jobs that act on Airflow's runs touch these DAGs only)."""
        from ecandidat_batches.schedule.registry import BATCHES

        return tuple(sorted(BATCHES))
