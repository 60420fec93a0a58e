"""BATCH_RELANCE_TRANSMISSION's parts: its settings (:mod:`.reglages`), the day's record of reminders
kept in its mail journal (:mod:`.journal`) and its mails (:mod:`.builder`); the job is
:mod:`ecandidat_batches.jobs.relance_transmission`."""
