"""The OPIs' documents (PJ OPI) that pile up unsent: said in BATCH_ASYNC_OPI's summary and on the page.

eCandidat's OPI batch sent an OPI's documents in the same run. Here BATCH_ASYNC_OPI records them
(``pj_opi``, with ``OPI_IS_UTILISE_PJ = O``) and BATCH_ASYNC_OPI_PJ sends them, a batch of its own that
ships out of service and that the takeover leaves as eCandidat had it. With the first in service and
the second not, the documents wait forever and nothing fails: so BATCH_ASYNC_OPI says it in its
summary whenever documents wait while BATCH_ASYNC_OPI_PJ is out of service (its state read through
Airflow's REST API; an API that cannot be read is said, it does not fail the batch), and the Batches
page shows the same warning (:func:`unsent_warning`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.transactions import reading
from ecandidat_batches.summary import Summary

if TYPE_CHECKING:
    from ecandidat_batches.state import BatchState

log = logging.getLogger(__name__)

#: The batch that sends the documents.
PJ_BATCH = "BATCH_ASYNC_OPI_PJ"

#: The SQL files this module runs (a job that uses it declares them too).
SQL = ("campagne/active.sql", "opi_pj/pending_count.sql", *parametre.SQL)


def recorded(cur: Cursor) -> bool:
    """BATCH_ASYNC_OPI records the OPIs' documents: ``OPI_IS_UTILISE_PJ`` and the dematerialisation
    (``TECH_IS_UTILISE_DEMAT``) on, as eCandidat's ``OpiController`` checks them."""
    return parametre.get_flag(cur, "OPI_IS_UTILISE_PJ") and parametre.get_flag(cur, "TECH_IS_UTILISE_DEMAT")


def pending(cur: Cursor, id_camp: int) -> int:
    """The campaign's documents waiting to be sent."""
    return int(sqlfiles.execute(cur, "opi_pj/pending_count.sql", {"id_camp": id_camp}).fetchone()[0])


def in_service(state: BatchState) -> bool:
    """BATCH_ASYNC_OPI_PJ has a DAG in this deployment and it is not paused."""
    dag = state.dags([PJ_BATCH]).get(PJ_BATCH)
    return dag is not None and dag.en_service


def report_unsent(conn: Connection, id_camp: int, api: Any, summary: Summary) -> None:
    """BATCH_ASYNC_OPI's line when the campaign's documents wait and BATCH_ASYNC_OPI_PJ is out of
    service (or its state cannot be read); counter ``pj_en_attente``. ``api``: Airflow's REST API
    (:class:`~ecandidat_batches.hooks.airflow_api.AirflowApiHook`), None when there is none."""
    with reading(conn) as cur:
        waiting = pending(cur, id_camp)
    summary.count("pj_en_attente", waiting)
    if not waiting:
        return
    what = f"{waiting} pièce(s) justificative(s) d'OPI en attente d'envoi à Apogée"
    try:
        if api is None:
            raise LookupError("aucune connexion à l'API d'Airflow")
        from ecandidat_batches.state.rest import RestBatchState

        running = in_service(RestBatchState(api))
    except Exception as exc:  # the API is a convenience here: never the reason the OPIs fail
        log.warning("État de %s illisible : %s", PJ_BATCH, exc)
        summary.add(
            f"Attention : {what} ; l'état du batch {PJ_BATCH}, qui les envoie, n'a pas pu être lu "
            f"({str(exc)[:200]}) : vérifiez dans Administration > Batches qu'il est en service"
        )
        return
    if not running:
        summary.add(
            f"Attention : {what}, et le batch {PJ_BATCH}, qui les envoie, n'est pas en service : elles "
            "ne partiront pas tant qu'il ne l'est pas (Administration > Batches)"
        )


def unsent_warning(
    conn: Connection, pj_en_service: bool | None, now: dt.datetime | None = None
) -> str | None:
    """The Batches page's warning: BATCH_ASYNC_OPI records the OPIs' documents for Apogée and
    BATCH_ASYNC_OPI_PJ, which sends them, is out of service; None when there is nothing to say (no
    Apogée, documents not recorded, or the batch in service).

    :param conn: eCandidat's database (one short read).
    :param pj_en_service: BATCH_ASYNC_OPI_PJ in service (the page's row of it; None: no DAG; or
        :func:`in_service`).
    """
    if settings.siscol_type() != "A" or pj_en_service:
        return None
    today = wall_clock(now or paris_now()).date()
    with reading(conn) as cur:
        if not recorded(cur):
            return None
        camp = sqlfiles.execute(cur, "campagne/active.sql", {"today": today, "typ_siscol": "A"}).fetchone()
        waiting = pending(cur, camp[0]) if camp is not None else 0
    return (
        f"OPI_IS_UTILISE_PJ = O : BATCH_ASYNC_OPI enregistre les pièces justificatives des OPI, mais "
        f"{PJ_BATCH}, qui les envoie à Apogée, n'est pas en service : {waiting} pièce(s) en attente "
        "d'envoi. Mettez-le en service pour qu'elles partent."
    )
