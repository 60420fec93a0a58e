"""The words of eCandidat's "Administration > Batches" screen, from the registry and a batch's state.

Shared by the terminal view (``admin/cli.py``) and the web page: whichever backend answers the
questions (:mod:`ecandidat_batches.state`), the rows read the same. Columns, as on the screen: Code,
Libellé, En service, Lancement immédiat, Programmation, Dernière exécution, the last one in
eCandidat's form ``FINISH - Deb : 15/10/2015 03:53:35 - Fin : 03:53:53 - Durée : 00min 18sec``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecandidat_batches.clock import in_paris as paris
from ecandidat_batches.schedule.overrides import effective_programmation
from ecandidat_batches.schedule.registry import BATCHES, ordered_codes
from ecandidat_batches.state import BatchState, Run

#: The screen's columns, in its order and words.
COLUMNS = ("Code", "Libellé", "En service", "Lancement immédiat", "Programmation", "Dernière exécution")
STATES = {"success": "FINISH", "failed": "ERROR", "running": "RUNNING", "queued": "RUNNING"}


def ecandidat_state(run: Run) -> str:
    """eCandidat's state of a run: FINISH, ERROR, RUNNING, or INTERRUPT (failed by BATCH_NETTOYAGE)."""
    if run.interrupted:
        return "INTERRUPT"
    return STATES.get(run.state, run.state.upper())


def duree(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """eCandidat's duration, ``04min 29sec``; empty unless the run has both ends."""
    if not (start and end):
        return ""
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60:02d}min {seconds % 60:02d}sec"


def derniere_execution(run: Run | None) -> str:
    """A run in eCandidat's words; empty when the batch never ran."""
    if run is None:
        return ""
    text = ecandidat_state(run)
    if run.start_date:
        text += f" - Deb : {paris(run.start_date)}"
    if run.end_date:
        text += f" - Fin : {paris(run.end_date, '%H:%M:%S')}"
        if run.start_date:
            text += f" - Durée : {duree(run.start_date, run.end_date)}"
    return text


@dataclass(frozen=True)
class Row:
    code: str
    libelle: str
    en_service: bool | None  # None: the batch has no DAG in this deployment
    lancement_immediat: bool
    programmation: str
    modifiee: bool
    derniere_execution: str
    probleme: str | None
    erreur_dag: str | None  # the DAG file does not parse: its error
    ajoute: bool = False  # a batch eCandidat does not have, added by this package

    @property
    def erreur_dag_court(self) -> str:
        return self.short_error(self.erreur_dag or "")

    @staticmethod
    def short_error(error: str) -> str:
        """A traceback's last line (the exception itself), cut to a readable length."""
        line = (error.strip().splitlines() or ["?"])[-1].strip()
        return line if len(line) <= 200 else line[:199] + "…"


def rows(state: BatchState) -> list[Row]:
    """One row per batch of the registry: eCandidat's in code order, then the package's own."""
    codes = ordered_codes()
    try:
        raw, unreadable = state.overrides(), None
    except Exception as exc:  # e.g. Airflow's REST API answers 500 for a pathological stored value
        raw, unreadable = None, exc

    def read() -> str | None:
        if unreadable is not None:
            raise unreadable
        return raw

    dags = state.dags(codes)
    pending = state.pending_launches(codes)
    latest = state.latest_runs(codes)
    errors = state.import_errors(codes)
    out = []
    for code in codes:
        eff = effective_programmation(code, read)
        out.append(
            Row(
                code=code,
                libelle=BATCHES[code].libelle,
                en_service=dags[code].en_service if code in dags else None,
                lancement_immediat=code in pending,
                programmation=eff.programmation.libelle(),
                modifiee=eff.overridden,
                derniere_execution=derniere_execution(latest.get(code)),
                probleme=eff.probleme,
                erreur_dag=errors.get(code),
                ajoute=BATCHES[code].ajoute,
            )
        )
    return out
