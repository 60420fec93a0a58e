"""BATCH_SYNC_LIMESURVEY: imports LimeSurvey form answers ("Synchronisation des formulaires Limesurvey").

For each active form (`formulaire.tes_formulaire`), exports the complete responses of its LimeSurvey
survey through RemoteControl 2 (connection `limesurvey_default`) and stores the latest answer of
each candidate (`formulaire_candidat`, by `numDossier` in the active campaign) and of each
candidature (`formulaire_candidature`, by `idCandidature`), in eCandidat's `key : value{;}` format.
Bad rows are skipped and counted with their reason; a survey that fails does not stop the others,
but fails the run at the end with every survey's outcome.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from ecandidat_batches.dag_args import batch_dag_args
from ecandidat_batches.tasks import verifier_creneau


@dag(**batch_dag_args("BATCH_SYNC_LIMESURVEY", doc_md=__doc__))
def batch_sync_limesurvey() -> None:
    @task(task_display_name="Synchroniser les formulaires")
    def synchroniser() -> dict:
        from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
        from ecandidat_batches.jobs import sync_limesurvey
        from ecandidat_batches.tasks import app_connection

        with app_connection() as conn:
            return sync_limesurvey.run(conn, LimeSurveyHook()).as_dict()

    verifier_creneau() >> synchroniser()


batch_sync_limesurvey()
