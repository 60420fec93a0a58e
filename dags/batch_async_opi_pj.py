"""BATCH_ASYNC_OPI_PJ: the OPIs' documents pushed to Apogée ("Déversement des PJ OPI asynchrone").

The `pj_opi` rows of the active campaign's candidates not sent yet: a row whose file is gone (its
`fichier` row or the stored file) is deleted; the others are read from eCandidat's file store and sent
through Apogée's PjOpiMetier web service (connection `pj_opi_metier_default`), `[ecandidat]
opi_concurrency` at a time; when `[ecandidat] apogee_pj_root` is set, each document is looked for
there: found, `dat_deversement` is set; missing, its `OPI_PJ` row is removed in Apogée (connection
`apogee_default`) and it is sent again next time. "N PJ OPI, dont E erreur(s)"; the run fails at the
end naming the documents that failed. Apogée only. `dry_run` reads and checks, sends nothing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.opi import AsyncOpiPjOperator
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_ASYNC_OPI_PJ", doc_md=__doc__))
def batch_async_opi_pj() -> None:
    AsyncOpiPjOperator(task_id="deverser", task_display_name="Déverser les PJ OPI")


batch_async_opi_pj()
