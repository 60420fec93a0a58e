"""The rows of eCandidat's "Administration > Batches" screen, from the registry and Airflow's state.

Shared by the terminal view (``admin/cli.py``) and the web page. Columns, as on the screen: Code,
Libellé, En service, Lancement immédiat, Programmation, Dernière exécution, the last one in
eCandidat's form ``FINISH - Deb : 15/10/2015 03:53:35 - Fin : 03:53:53 - Durée : 00min 18sec``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from ecandidat_batches.jobs.nettoyage import NOTE_PREFIX
from ecandidat_batches.overrides import effective_programmation
from ecandidat_batches.registry import BATCHES

PARIS = ZoneInfo("Europe/Paris")
#: The screen's columns, in its order and words.
COLUMNS = ("Code", "Libellé", "En service", "Lancement immédiat", "Programmation", "Dernière exécution")
STATES = {"success": "FINISH", "failed": "ERROR", "running": "RUNNING", "queued": "RUNNING"}


def is_pending_launch(run: dict[str, Any]) -> bool:
    """A "Lancement immédiat" waiting: a manual run queued that never started.

    Scheduled or backfill runs waiting for a slot are not launches, nor is a run an admin cleared to
    run it again (``clear_number`` > 0; the REST API does not return it, so the terminal view counts
    a cleared manual run as a launch).
    """
    return (
        run.get("state") == "queued"
        and run.get("run_type") == "manual"
        and not run.get("start_date")
        and not run.get("clear_number")
    )


def ecandidat_state(run: dict[str, Any]) -> str:
    """eCandidat's state of a run: FINISH, ERROR, RUNNING, or INTERRUPT (failed by BATCH_NETTOYAGE)."""
    if run.get("state") == "failed" and (run.get("note") or "").startswith(NOTE_PREFIX):
        return "INTERRUPT"
    return STATES.get(run.get("state") or "", str(run.get("state") or "").upper())


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value).astimezone(PARIS) if value else None


def duree(start: str | None, end: str | None) -> str:
    """eCandidat's duration, ``04min 29sec``; empty unless the run has both ends."""
    if not (start and end):
        return ""
    seconds = int((dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds())
    return f"{seconds // 60:02d}min {seconds % 60:02d}sec"


def derniere_execution(run: dict[str, Any] | None) -> str:
    """A run in eCandidat's words; empty when the batch never ran."""
    if not run:
        return ""
    start, end = _when(run.get("start_date")), _when(run.get("end_date"))
    text = ecandidat_state(run)
    if start:
        text += f" - Deb : {start:%d/%m/%Y %H:%M:%S}"
    if end:
        text += f" - Fin : {end:%H:%M:%S}"
        if start:
            text += f" - Durée : {duree(run['start_date'], run['end_date'])}"
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


def rows(api: Any, read_overrides: Callable[[], str | None]) -> list[Row]:
    """One row per batch of the registry, in code order, from the REST API (``AirflowApiHook``)."""
    codes = sorted(BATCHES)
    raw = read_overrides()
    paused = api.paused_states(codes)
    pending = {
        r["dag_id"] for r in api.iter_dag_runs(dag_ids=codes, states=["queued"]) if is_pending_launch(r)
    }
    out = []
    for code in codes:
        eff = effective_programmation(code, lambda: raw)
        out.append(
            Row(
                code=code,
                libelle=BATCHES[code].libelle,
                en_service=None if code not in paused else not paused[code],
                lancement_immediat=code in pending,
                programmation=eff.programmation.libelle(),
                modifiee=eff.overridden,
                derniere_execution=derniere_execution(api.latest_started_run(code)) if code in paused else "",
                probleme=eff.probleme,
            )
        )
    return out
