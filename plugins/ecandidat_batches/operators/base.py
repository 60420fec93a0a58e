"""The one seam between Airflow and the jobs: the task that runs a batch's job.

Every DAG whose batch runs on the eCandidat database or Airflow's API uses :func:`run_batch`: it
reads the batch code from the DAG, finds the job and the resources the registry declares for it,
builds them (and closes them afterwards), passes the DAG's params by name (``dry_run``...), and
returns the job's summary as the task's XCom, where the Batches page reads it. Batches that talk to an
external system use an operator of :mod:`ecandidat_batches.operators` instead, built the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

from airflow.sdk import task

from ecandidat_batches import settings
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.schedule.registry import get_batch


@contextmanager
def app_connection(conn_id: str = settings.APP_DB_CONN_ID) -> Iterator[Connection]:
    """The eCandidat database (MariaDB/MySQL or PostgreSQL, as the connection says), closed afterwards."""
    from ecandidat_batches.db.connection import connect

    conn = connect(conn_id)
    try:
        yield conn
    finally:
        conn.close()


def _conn(stack: ExitStack, _context: Mapping[str, Any]) -> Any:
    return stack.enter_context(app_connection())


def _store(_stack: ExitStack, _context: Mapping[str, Any]) -> Any:
    from ecandidat_batches.files.stores import configured_store

    return configured_store()


def _stores(_stack: ExitStack, _context: Mapping[str, Any]) -> Any:
    from ecandidat_batches.files.stores import configured_stores

    return configured_stores()


def _api(_stack: ExitStack, _context: Mapping[str, Any]) -> Any:
    from ecandidat_batches.hooks.airflow_api import AirflowApiHook

    return AirflowApiHook()


def _ldap(_stack: ExitStack, _context: Mapping[str, Any]) -> Any:
    from ecandidat_batches.hooks.ldap import EcandidatLdapHook

    return EcandidatLdapHook()


def _outbox_journal(_stack: ExitStack, context: Mapping[str, Any]) -> Any:
    from ecandidat_batches.mails.outbox import VariableJournal

    return VariableJournal(context["dag_run"].dag_id)


def _own_run(_stack: ExitStack, context: Mapping[str, Any]) -> tuple[str, str]:
    return context["dag_run"].dag_id, context["dag_run"].run_id


#: How each resource of ``registry.RESOURCES`` is built for a run.
RESOURCE_FACTORIES: dict[str, Callable[[ExitStack, Mapping[str, Any]], Any]] = {
    "conn": _conn,
    "store": _store,
    "stores": _stores,
    "api": _api,
    "own_run": _own_run,
    "ldap": _ldap,
    "outbox_journal": _outbox_journal,
}


def execute_batch(code: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """Run the job of batch ``code`` with its resources and the run's params; its summary as a dict."""
    batch = get_batch(code)
    if batch.job is None:
        raise RuntimeError(f"{code} : ce batch n'a pas encore de traitement dans ce paquet")
    job = importlib.import_module(f"ecandidat_batches.jobs.{batch.job}")
    with ExitStack() as stack:
        kwargs = {name: RESOURCE_FACTORIES[name](stack, context) for name in batch.resources}
        if "conn" in kwargs:  # before any change: the tables and columns the job's SQL uses are there
            from ecandidat_batches.db.preflight import require, sql_files

            require(kwargs["conn"], sql_files(job))
        summary = job.run(code=code, **batch.options, **kwargs, **dict(context.get("params") or {}))
        return summary.as_dict()  # type: ignore[no-any-return]


@task(task_id="executer")
def run_batch(**context: Any) -> dict[str, Any]:
    """Run the batch of this DAG (its ``dag_id`` is the batch code) and return its summary."""
    return execute_batch(context["dag"].dag_id, context)
