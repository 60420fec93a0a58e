"""BATCH_SYNC_LIMESURVEY: imports LimeSurvey form answers ("Synchronisation des formulaires Limesurvey").

For each active form (`formulaire.tes_formulaire`), exports the complete responses of its LimeSurvey
survey through RemoteControl 2 (connection `limesurvey_default`) and stores the latest answer of
each candidate (`formulaire_candidat`, by `numDossier` in the active campaign) and of each
candidature (`formulaire_candidature`, by `idCandidature`), in eCandidat's `key : value{;}` format.
Bad rows are skipped and counted with their reason; a survey that fails does not stop the others,
but fails the run at the end with every survey's outcome.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.limesurvey import SyncLimeSurveyOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_SYNC_LIMESURVEY", doc_md=__doc__))
def batch_sync_limesurvey() -> None:
    SyncLimeSurveyOperator(task_id="synchroniser", task_display_name="Synchroniser les formulaires")


batch_sync_limesurvey()
