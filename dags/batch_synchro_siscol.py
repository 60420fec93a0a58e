"""BATCH_SYNCHRO_SISCOL: the SI Scolarité's referentials into eCandidat ("Synchro Si Scolarité").

Reads the 23 referentials eCandidat keeps a copy of (régimes, bacs, communes, établissements,
pays, années universitaires...) from the SI Scolarité of ``[ecandidat] siscol_type``: Pégase (its REST
APIs, connection ``pegase_default``), Apogée (its tables, SQL connection ``apogee_default``) or none
(``D``, the default: nothing is synchronised and the run says so). Each step is a task, in
eCandidat's order; a step waits only for the steps whose tables its rows point to, so a failed step
stops those and the others still run; the "Bilan" task fails the run naming the failed steps.
Upsert only: new rows inserted, changed rows updated, nothing deleted (``siscol_utilisateur`` is
rebuilt, as eCandidat does). A step that changed rows asks eCandidat's candidat nodes to reload that
referential's cache (``load_balancing_reload``, eCandidat's 17 cache names), in the transaction of its
rows; the "Bilan" task waits for the nodes (``[ecandidat] node_reload_wait_seconds``) and says which
took the reloads. `dry_run` reports without writing and requests nothing.
"""

from __future__ import annotations

from airflow.sdk import dag

from ecandidat_batches.operators.siscol import synchro_siscol_tasks
from ecandidat_batches.schedule.dag_args import batch_dag_args


@dag(**batch_dag_args("BATCH_SYNCHRO_SISCOL", doc_md=__doc__))
def batch_synchro_siscol() -> None:
    synchro_siscol_tasks()


batch_synchro_siscol()
