"""BATCH_CALCUL_RANG_LC: the complementary lists' real ranks ("Calcul du rang réel en liste complémentaire").

For each formation on the complementary list (in service, of the configured SI), the latest decision
of each candidature of the active campaign that is not cancelled, when it is a validated LC decision
with a rank, gets its real rank 1..n by rank then id (`list_comp_rang_reel_typ_dec_cand`). Only the
ranks that change are written, with their candidature's `user_mod_cand = 'autoListComp'` and
`dat_mod_cand`: one set-based statement, one transaction. No active campaign is a normal outcome.
`dry_run` reports without writing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.base import BatchOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_CALCUL_RANG_LC", doc_md=__doc__))
def batch_calcul_rang_lc() -> None:
    BatchOperator(task_id="recalculer", task_display_name="Recalculer les rangs")


batch_calcul_rang_lc()
