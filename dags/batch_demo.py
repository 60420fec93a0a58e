"""BATCH_DEMO: resets the eCandidat database to the demo dataset ("Mise à zéro de l'application").

Empties every application table, then reloads the nomenclature (parameters with eCandidat's
defaults) and the demo data, in one transaction; then rewrites the demo attachment files under
`[ecandidat] file_store_root` when it is set. It refuses to run unless `[ecandidat] demo_mode`
is on: on a real database it would erase every application.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(**batch_dag_args("BATCH_DEMO", doc_md=__doc__))
def batch_demo() -> None:
    @task(task_display_name="Remettre les données de démonstration")
    def remettre_a_zero() -> dict:
        from ecandidat_batches import settings
        from ecandidat_batches.filestore import FileSystemStore
        from ecandidat_batches.jobs import demo
        from ecandidat_batches.tasks import app_connection

        root = settings.file_store_root()
        with app_connection() as conn:
            store = FileSystemStore(root) if root else None
            return demo.run(conn, demo_mode=settings.demo_mode(), store=store).as_dict()

    verifier_creneau() >> remettre_a_zero()


batch_demo()
