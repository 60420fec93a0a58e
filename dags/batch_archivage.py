"""BATCH_ARCHIVAGE: archives the campaign in service and activates the next one ("Archivage de campagne").

For the campaign whose planned activation date (`dat_activat_prev_camp`) has passed: copies the eight
formation dates into the candidatures of the campaign it archives, then activates it and archives
the old one in one transaction (never two campaigns in service, never none), and asks running
eCandidat nodes to reload their campaign cache. No campaign due is a normal outcome. A campaign
without a campaign to archive (`archiv_id_camp`) fails the run with its code, before any change.
The ESUP documentation advises running it with the application in maintenance. `dry_run` reports
without writing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_ARCHIVAGE", doc_md=__doc__))
def batch_archivage() -> None:
    BatchOperator(task_id="archiver", task_display_name="Archiver la campagne")


batch_archivage()
