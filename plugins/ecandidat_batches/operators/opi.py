"""BATCH_ASYNC_OPI's operator: the pending OPIs pushed to Apogée (OpiMetier, then checked) or to Pégase.

The work is :func:`ecandidat_batches.jobs.async_opi.run`; this operator builds what it talks to from
Airflow connections: the eCandidat database, Apogée's OpiMetier service
(:class:`~ecandidat_batches.hooks.opi_metier.OpiMetierHook`) and Apogée's database for the check
(any Airflow SQL connection; Oracle in production). Pégase needs none: its files go to
``[ecandidat] pegase_opi_path``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings
from ecandidat_batches.siscol.sources import APOGEE_CONN_ID


class AsyncOpiOperator(BaseOperator):
    """Push the active campaign's pending OPIs to the configured SI Scolarité.

    :param ecandidat_conn_id: the eCandidat database (templated).
    :param opi_metier_conn_id: Apogée's OpiMetier web service (templated).
    :param apogee_conn_id: Apogée's database, read back after each call (templated).
    :param concurrency: OpiMetier calls at once; default ``[ecandidat] opi_concurrency``.
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id", "opi_metier_conn_id", "apogee_conn_id")
    ui_color = "#fdebd0"

    def __init__(
        self,
        *,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        opi_metier_conn_id: str = "opi_metier_default",
        apogee_conn_id: str = APOGEE_CONN_ID,
        concurrency: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.ecandidat_conn_id = ecandidat_conn_id
        self.opi_metier_conn_id = opi_metier_conn_id
        self.apogee_conn_id = apogee_conn_id
        self.concurrency = concurrency

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches import appdb
        from ecandidat_batches.hooks.opi_metier import OpiMetierHook
        from ecandidat_batches.jobs import async_opi
        from ecandidat_batches.outbox import VariableJournal
        from ecandidat_batches.siscol.sources import ApogeeSource
        from ecandidat_batches.tasks import app_connection

        typ = settings.siscol_type()
        concurrency = self.concurrency or settings.opi_concurrency()
        dry_run = bool((context.get("params") or {}).get("dry_run"))
        apogee = typ == "A" and not dry_run
        with app_connection(self.ecandidat_conn_id) as conn:
            appdb.require(conn, appdb.sql_files(async_opi), self.ecandidat_conn_id)
            summary = async_opi.run(
                conn,
                code=context["dag"].dag_id,
                typ_siscol=typ,
                opi_metier=OpiMetierHook(self.opi_metier_conn_id, pool_size=concurrency) if apogee else None,
                apogee=ApogeeSource(self.apogee_conn_id).connect if apogee else None,
                concurrency=concurrency,
                outbox_journal=VariableJournal(context["dag"].dag_id),
                own_run=(context["dag"].dag_id, context["dag_run"].run_id),
                dry_run=dry_run,
            )
        return summary.as_dict()


class AsyncOpiPjOperator(BaseOperator):
    """Push the active campaign's pending PJ OPI to Apogée (BATCH_ASYNC_OPI_PJ).

    :param ecandidat_conn_id: the eCandidat database (templated).
    :param pj_opi_metier_conn_id: Apogée's PjOpiMetier web service (templated).
    :param apogee_conn_id: Apogée's database, where a document the SI does not show is removed (templated).
    :param concurrency: PjOpiMetier calls at once; default ``[ecandidat] opi_concurrency``.
    """

    template_fields: Sequence[str] = ("ecandidat_conn_id", "pj_opi_metier_conn_id", "apogee_conn_id")
    ui_color = "#fdebd0"

    def __init__(
        self,
        *,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        pj_opi_metier_conn_id: str = "pj_opi_metier_default",
        apogee_conn_id: str = APOGEE_CONN_ID,
        concurrency: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.ecandidat_conn_id = ecandidat_conn_id
        self.pj_opi_metier_conn_id = pj_opi_metier_conn_id
        self.apogee_conn_id = apogee_conn_id
        self.concurrency = concurrency

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches import appdb
        from ecandidat_batches.filestore import configured_stores
        from ecandidat_batches.hooks.opi_metier import PjOpiMetierHook
        from ecandidat_batches.jobs import async_opi_pj
        from ecandidat_batches.siscol.sources import ApogeeSource
        from ecandidat_batches.tasks import app_connection

        typ = settings.siscol_type()
        concurrency = self.concurrency or settings.opi_concurrency()
        dry_run = bool((context.get("params") or {}).get("dry_run"))
        apogee = typ == "A" and not dry_run
        with app_connection(self.ecandidat_conn_id) as conn:
            appdb.require(conn, appdb.sql_files(async_opi_pj), self.ecandidat_conn_id)
            summary = async_opi_pj.run(
                conn,
                code=context["dag"].dag_id,
                stores=configured_stores(),
                typ_siscol=typ,
                pj_service=PjOpiMetierHook(self.pj_opi_metier_conn_id, pool_size=concurrency)
                if apogee
                else None,
                apogee=ApogeeSource(self.apogee_conn_id).connect if apogee else None,
                concurrency=concurrency,
                dry_run=dry_run,
            )
        return summary.as_dict()
