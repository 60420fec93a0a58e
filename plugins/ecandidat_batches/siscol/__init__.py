"""BATCH_SYNCHRO_SISCOL: the SI Scolarité referentials (Pégase or Apogée) into eCandidat's ``siscol_*``.

:mod:`.steps` declares the 23 steps once (source, target table, mapping), :mod:`.sources` reads
Pégase (REST) or Apogée (SQL), :mod:`.merge` writes one step set-based (a staging load, then one
merge). The operators of :mod:`ecandidat_batches.operators.siscol` make each step a task.
"""
