"""BATCH_ASYNC_OPI: the pending OPIs pushed to the SI Scolarité ("Déversement d'OPI asynchrone").

The candidates of the active campaign with a pending OPI (`dat_passage_opi` null), oldest first, at most
`OPI_NB_BATCH_MAX` (0: all). Apogée (`[ecandidat] siscol_type = A`): one call per candidate to AMUE's
OpiMetier web service (connection `opi_metier_default`) with all their OPIs, `[ecandidat]
opi_concurrency` calls at a time; then `IND_OPI` / `VOEUX_INS` are read back (connection
`apogee_default`) and only the OPIs Apogée shows are stamped. Pégase (`P`): the day's three CSV files
in `[ecandidat] pegase_opi_path`, each renamed into place once complete, then the OPIs stamped. A
candidate that fails is named with its reason and the run fails at the end; the others are done and
a new launch resends only what was not verified. When Apogée kept another OPI code, the candidate's
mail `CANDIDATURE_MODIF_COD_OPI` is sent by the next task, which a crash never skips (see
`ecandidat_batches.mails.outbox`). With `OPI_IS_UTILISE_PJ = O`, the OPIs' documents are recorded for
BATCH_ASYNC_OPI_PJ; when they wait while that batch is out of service (read through Airflow's REST API,
connection `airflow_api`), the summary says so. `dry_run` builds everything, sends and writes nothing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.mails import BatchMailsOperator
from ecandidat_batches.operators.opi import AsyncOpiOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_ASYNC_OPI", doc_md=__doc__))
def batch_async_opi() -> None:
    AsyncOpiOperator(task_id="deverser", task_display_name="Déverser les OPI") >> BatchMailsOperator(
        task_id="envoyer_mails", task_display_name="Envoyer les mails", changes_task_id="deverser"
    )


batch_async_opi()
