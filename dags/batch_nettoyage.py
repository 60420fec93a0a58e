"""BATCH_NETTOYAGE: interrupts batch runs stuck for too long ("Nettoyage des batches").

A run of a batch running, or queued while its batch is in service, for longer than the threshold
(4 hours by default, `[ecandidat] stale_run_hours`) is set to failed with the note "INTERRUPT", and
Airflow stops its task, so the batch can be launched again. Its own run and the runs of DAGs that
are not eCandidat batches are never touched. It works through Airflow's REST API (connection
`airflow_api`). With `dry_run`, it only lists what it would interrupt.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from ecandidat_batches import settings
from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(
    **batch_dag_args("BATCH_NETTOYAGE", doc_md=__doc__),
    params={
        "seuil_heures": Param(
            settings.stale_run_hours(), type="number", exclusiveMinimum=0, title="Seuil (heures)"
        ),
        "dry_run": Param(False, type="boolean", title="Simulation", description="Lister sans interrompre"),
    },
)
def batch_nettoyage() -> None:
    @task(task_display_name="Interrompre les exécutions bloquées")
    def interrompre(**context) -> dict:
        import datetime as dt

        from ecandidat_batches.hooks.airflow_api import AirflowApiHook
        from ecandidat_batches.jobs import nettoyage

        params, dag_run = context["params"], context["dag_run"]
        return nettoyage.run(
            AirflowApiHook(),
            threshold=dt.timedelta(hours=float(params["seuil_heures"])),
            own=(dag_run.dag_id, dag_run.run_id),
            dry_run=bool(params["dry_run"]),
        ).as_dict()

    verifier_creneau() >> interrompre()


batch_nettoyage()
