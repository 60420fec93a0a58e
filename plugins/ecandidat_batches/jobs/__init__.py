"""One module per batch: plain functions of (connection, clock, options) that return a Summary.

They import nothing from Airflow's scheduler and can be tested on a bare database connection. Each
module declares its :class:`Job` (``JOB``) next to its code: the function that runs, the SQL files it
runs, the resources the operator builds for it. The registry points at that declaration; the operator
(:class:`~ecandidat_batches.operators.base.BatchOperator`), the schema pre-flight and the CLI's
``grants`` all read it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The resources a job may declare, each built for a run by the operator (``make_<name>``) and closed
#: after it: ``conn`` the eCandidat database (a DB-API connection), ``store`` the candidate files'
#: root, ``stores`` all of eCandidat's file stores (roots, CMIS), ``api`` Airflow's REST API,
#: ``own_run`` the ``(dag_id, run_id)`` of the running batch, ``ldap`` the institution's directory,
#: ``outbox_journal`` the journal of the mails the batch's changes announce, ``mail_sender`` the SMTP
#: server, ``batches`` the registry's batch codes, ``letters`` the admission letters' maker (templates,
#: LibreOffice, protection); and the external systems of the operators that extend it: ``limesurvey``,
#: ``opi_metier``, ``pj_service``, ``apogee`` (a function opening Apogée's database), ``source`` (the
#: SI Scolarité).
RESOURCES = (
    "conn", "store", "stores", "api", "own_run", "ldap", "outbox_journal", "mail_sender", "batches",
    "letters",
    "limesurvey", "opi_metier", "pj_service", "apogee", "source",
)  # fmt: skip


@dataclass(frozen=True)
class Job:
    """What a job is and needs, declared next to its code.

    :param run: the function that does the work; called with ``code=``, the resources and the options
        by name, and the DAG's params (``dry_run``...); returns a
        :class:`~ecandidat_batches.summary.Summary`.
    :param sql: the SQL files (of ``include/sql``) it runs, the modules' it calls included: the schema
        pre-flight checks their tables and columns before any change; ``grants`` lists their tables.
    :param tables: tables its statements name without a SQL file of their own (shaped statements).
    :param columns: tables and columns checked before it runs, beside those of ``sql``.
    :param resources: what the operator builds for it, by name (:data:`RESOURCES`).
    :param options: fixed keyword arguments (two batches share one job).
    """

    run: Callable[..., Any]
    sql: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    resources: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.resources) - set(RESOURCES)
        if unknown:
            raise ValueError(f"{self.name}: unknown resources {sorted(unknown)}; known: {RESOURCES}")

    @property
    def name(self) -> str:
        """``module.function``, for messages."""
        return f"{self.run.__module__}.{getattr(self.run, '__name__', self.run)}"

    def with_options(self, **options: Any) -> Job:
        """The same job with fixed keyword arguments (a batch's variant of a shared job)."""
        return dataclasses.replace(self, options={**self.options, **options})


def no_checkpoint(_point: str) -> None:
    """Default ``checkpoint`` of the jobs: tests pass one that kills the process at a given point."""
