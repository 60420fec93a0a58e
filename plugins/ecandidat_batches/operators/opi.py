"""The OPI batches' operators: the pending OPIs pushed to Apogée (OpiMetier, then checked) or to Pégase
(BATCH_ASYNC_OPI), and their documents to Apogée (BATCH_ASYNC_OPI_PJ).

The work is :func:`ecandidat_batches.jobs.async_opi.run` / :func:`~ecandidat_batches.jobs.async_opi_pj.run`;
the operators build what they talk to from Airflow connections: the eCandidat database, Apogée's SOAP
service (:mod:`ecandidat_batches.hooks.opi_metier`) and Apogée's database (any Airflow SQL connection;
Oracle in production). Pégase needs none: its files go to ``[ecandidat] pegase_opi_path``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings
from ecandidat_batches.siscol.sources import APOGEE_CONN_ID


class _ApogeeServiceOperator(BaseOperator):
    """What both OPI operators share: the connections, the bound on calls at once, the run's options.

    :param ecandidat_conn_id: the eCandidat database (templated).
    :param service_conn_id: Apogée's SOAP service (templated); default the hook's connection.
    :param apogee_conn_id: Apogée's database (templated).
    :param concurrency: calls at once; default ``[ecandidat] opi_concurrency``.
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id", "service_conn_id", "apogee_conn_id")
    ui_color = "#fdebd0"
    #: The job module (``ecandidat_batches.jobs.<job>``) and the hook class of the service.
    job = ""

    def __init__(
        self,
        *,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        service_conn_id: str | None = None,
        apogee_conn_id: str = APOGEE_CONN_ID,
        concurrency: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.ecandidat_conn_id = ecandidat_conn_id
        self.service_conn_id = service_conn_id
        self.apogee_conn_id = apogee_conn_id
        self.concurrency = concurrency

    def execute(self, context: Any) -> dict[str, Any]:
        import importlib

        from ecandidat_batches.db.preflight import require, sql_files
        from ecandidat_batches.operators.base import app_connection
        from ecandidat_batches.siscol.sources import ApogeeSource

        job = importlib.import_module(f"ecandidat_batches.jobs.{self.job}")
        typ = settings.siscol_type()
        concurrency = self.concurrency or settings.opi_concurrency()
        dry_run = bool((context.get("params") or {}).get("dry_run"))
        apogee = typ == "A" and not dry_run
        with app_connection(self.ecandidat_conn_id) as conn:
            require(conn, sql_files(job), self.ecandidat_conn_id)
            summary = job.run(
                conn,
                code=context["dag"].dag_id,
                typ_siscol=typ,
                apogee=ApogeeSource(self.apogee_conn_id).connect if apogee else None,
                concurrency=concurrency,
                dry_run=dry_run,
                **self.job_arguments(context, concurrency if apogee else None),
            )
        return summary.as_dict()  # type: ignore[no-any-return]

    def job_arguments(self, context: Any, pool_size: int | None) -> dict[str, Any]:
        """The job's own arguments; ``pool_size`` is None when the service is not to be called."""
        raise NotImplementedError


class AsyncOpiOperator(_ApogeeServiceOperator):
    """Push the active campaign's pending OPIs to the configured SI Scolarité (BATCH_ASYNC_OPI); the
    mails ``CANDIDATURE_MODIF_COD_OPI`` go to the batch's journal (connection ``opi_metier_default``)."""

    job = "async_opi"

    def job_arguments(self, context: Any, pool_size: int | None) -> dict[str, Any]:
        from ecandidat_batches.hooks.opi_metier import OpiMetierHook
        from ecandidat_batches.mails.outbox import VariableJournal

        conn_id = self.service_conn_id or OpiMetierHook.default_conn_name
        return {
            "opi_metier": OpiMetierHook(conn_id, pool_size=pool_size) if pool_size else None,
            "outbox_journal": VariableJournal(context["dag"].dag_id),
            "own_run": (context["dag"].dag_id, context["dag_run"].run_id),
        }


class AsyncOpiPjOperator(_ApogeeServiceOperator):
    """Push the active campaign's pending PJ OPI to Apogée (BATCH_ASYNC_OPI_PJ), read from eCandidat's
    file stores (connection ``pj_opi_metier_default``)."""

    job = "async_opi_pj"

    def job_arguments(self, context: Any, pool_size: int | None) -> dict[str, Any]:
        from ecandidat_batches.files.stores import configured_stores
        from ecandidat_batches.hooks.opi_metier import PjOpiMetierHook

        conn_id = self.service_conn_id or PjOpiMetierHook.default_conn_name
        return {
            "stores": configured_stores(),
            "pj_service": PjOpiMetierHook(conn_id, pool_size=pool_size) if pool_size else None,
        }
