"""BATCH_NETTOYAGE: interrupts batch runs stuck for too long ("Nettoyage des batches").

A run of a batch running, or queued while its batch is in service, for longer than the threshold
(4 hours by default, `[ecandidat] stale_run_hours`) is set to failed with the note "INTERRUPT", and
Airflow stops its task, so the batch can be launched again. Its own run and the runs of DAGs that
are not eCandidat batches are never touched. It works through Airflow's REST API (connection
`airflow_api`). With `dry_run`, it only lists what it would interrupt.
"""

from __future__ import annotations

from airflow.sdk import Param, dag

from ecandidat_batches.jobs import nettoyage
from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(
    **batch_dag_args(
        "BATCH_NETTOYAGE",
        doc_md=__doc__,
        params={
            "seuil_heures": Param(
                nettoyage.default_threshold(),
                type="number",
                minimum=nettoyage.MIN_HOURS,
                maximum=nettoyage.MAX_HOURS,
                title="Seuil (heures)",
                description="Une exécution en cours depuis plus longtemps est interrompue",
            )
        },
    )
)
def batch_nettoyage() -> None:
    BatchOperator(task_id="interrompre", task_display_name="Interrompre les exécutions bloquées")


batch_nettoyage()
