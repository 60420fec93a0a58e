"""The OPI batches' operators: the pending OPIs pushed to Apogée (OpiMetier, then checked) or to Pégase
(BATCH_ASYNC_OPI), and their documents to Apogée (BATCH_ASYNC_OPI_PJ).

The work is :func:`ecandidat_batches.jobs.async_opi.run` / :func:`~ecandidat_batches.jobs.async_opi_pj.run`;
the operators build what they talk to from Airflow connections: Apogée's SOAP services
(:mod:`ecandidat_batches.hooks.opi_metier`) and Apogée's database (any Airflow SQL connection; Oracle
in production), only for Apogée (``[ecandidat] siscol_type = A``) and not in a dry run. Pégase needs
none: its files go to ``[ecandidat] pegase_opi_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.operators.base import BatchOperator, BatchRun
from ecandidat_batches.siscol.sources import APOGEE_CONN_ID


class _ApogeeServiceOperator(BatchOperator):
    """What both OPI operators share: Apogée's connections, the bound on calls at once.

    :param service_conn_id: Apogée's SOAP service (templated); default the hook's connection.
    :param apogee_conn_id: Apogée's database (templated).
    :param concurrency: calls at once; default ``[ecandidat] opi_concurrency``.
    """

    template_fields: Sequence[str] = (*BatchOperator.template_fields, "service_conn_id", "apogee_conn_id")
    ui_color = "#fdebd0"

    def __init__(
        self,
        *,
        service_conn_id: str | None = None,
        apogee_conn_id: str = APOGEE_CONN_ID,
        concurrency: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.service_conn_id = service_conn_id
        self.apogee_conn_id = apogee_conn_id
        self.concurrency = concurrency

    def arguments(self, run: BatchRun) -> dict[str, Any]:
        return {"typ_siscol": settings.siscol_type(), "concurrency": self.calls_at_once()}

    def calls_at_once(self) -> int:
        return self.concurrency or settings.opi_concurrency()

    @staticmethod
    def calls_apogee(run: BatchRun) -> bool:
        """Apogée is called only when it is the SI, and never in a dry run."""
        return settings.siscol_type() == "A" and not run.dry_run

    def make_apogee(self, run: BatchRun) -> Callable[[], Any] | None:
        from ecandidat_batches.hooks.apogee import ApogeeHook

        return ApogeeHook(self.apogee_conn_id).get_conn if self.calls_apogee(run) else None


class AsyncOpiOperator(_ApogeeServiceOperator):
    """Push the active campaign's pending OPIs to the configured SI Scolarité (BATCH_ASYNC_OPI); the
    mails ``CANDIDATURE_MODIF_COD_OPI`` go to the batch's journal (connection ``opi_metier_default``)."""

    def make_opi_metier(self, run: BatchRun) -> Any:
        from ecandidat_batches.hooks.opi_metier import OpiMetierHook

        if not self.calls_apogee(run):
            return None
        conn_id = self.service_conn_id or OpiMetierHook.default_conn_name
        return OpiMetierHook(conn_id, pool_size=self.calls_at_once())


class AsyncOpiPjOperator(_ApogeeServiceOperator):
    """Push the active campaign's pending PJ OPI to Apogée (BATCH_ASYNC_OPI_PJ), read from eCandidat's
    file stores (connection ``pj_opi_metier_default``)."""

    def make_pj_service(self, run: BatchRun) -> Any:
        from ecandidat_batches.hooks.opi_metier import PjOpiMetierHook

        if not self.calls_apogee(run):
            return None
        conn_id = self.service_conn_id or PjOpiMetierHook.default_conn_name
        return PjOpiMetierHook(conn_id, pool_size=self.calls_at_once())
