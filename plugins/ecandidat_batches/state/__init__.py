"""One definition of a batch's state in Airflow, behind one interface with the two backends Airflow 3 forces.

The questions the Batches screen, its actions, the CLI and the maintenance batches ask:

* **en service**: the batch has a DAG in this deployment (parsed, not stale) and it is not paused;
* **pending launch** ("Lancement immédiat" ticked): a manual run, queued, that has never started: no
  start date and no task attempt yet. A run an admin cleared to run again has attempts: it is not a
  launch, and "Annuler le lancement" leaves it alone;
* **latest run** ("Dernière exécution"): the run that started last, whatever its type;
* **running**: a run in the ``running`` state (the screen's actions are refused meanwhile);
* **override**: the stored programmations (the raw value of the override Variable);
* **import error**: the error of a batch's DAG file that does not parse.

:class:`BatchState` is the interface; :mod:`.orm` answers from the metadata database (inside the API
server, where the ORM is the sanctioned way), :mod:`.rest` through Airflow's REST API v2 (tasks, the
CLI, any host). The same test suite runs against both (``tests/e2e/test_state_backends.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

#: The note BATCH_NETTOYAGE leaves on a run it interrupted; eCandidat's INTERRUPT state.
NOTE_PREFIX = "INTERRUPT"


def interrupt_note(code: str, state: str, hours: float, start: str) -> str:
    """The note of a run interrupted by BATCH_NETTOYAGE (``code``): :data:`NOTE_PREFIX` and why."""
    return f"{NOTE_PREFIX} - interrompu par {code} : {state} depuis plus de {hours:g} h (début {start})"


@dataclass(frozen=True)
class Run:
    """A DAG run as the screen and the batches read it (times are aware, UTC)."""

    dag_id: str
    run_id: str
    state: str
    run_type: str
    run_after: dt.datetime | None
    start_date: dt.datetime | None
    end_date: dt.datetime | None
    note: str | None = None
    triggering_user_name: str | None = None

    @property
    def interrupted(self) -> bool:
        """Failed by BATCH_NETTOYAGE (its note), eCandidat's INTERRUPT."""
        return self.state == "failed" and (self.note or "").startswith(NOTE_PREFIX)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Run:
        """From a ``DAGRunResponse`` of the REST API."""
        return cls(
            dag_id=data["dag_id"],
            run_id=data["dag_run_id"],
            state=str(data["state"]),
            run_type=str(data["run_type"]),
            run_after=_aware(data.get("run_after")),
            start_date=_aware(data.get("start_date")),
            end_date=_aware(data.get("end_date")),
            note=data.get("note"),
            triggering_user_name=data.get("triggering_user_name"),
        )


@dataclass(frozen=True)
class Dag:
    """A batch's DAG as Airflow knows it."""

    paused: bool

    @property
    def en_service(self) -> bool:
        return not self.paused


class BatchState(Protocol):
    """The state of the batches in Airflow; every method takes the batch codes it is asked about."""

    def dags(self, codes: Collection[str]) -> dict[str, Dag]:
        """The batches that have a DAG in this deployment (absent: no DAG, or stale)."""

    def pending_launches(self, codes: Collection[str]) -> set[str]:
        """The batches with a pending launch."""

    def latest_runs(self, codes: Collection[str]) -> dict[str, Run]:
        """The latest started run of each batch that ever started one."""

    def running(self, codes: Collection[str]) -> set[str]:
        """The batches with a run in the ``running`` state."""

    def overrides(self) -> str | None:
        """The raw value of the override Variable (None when unset)."""

    def import_errors(self, codes: Collection[str]) -> dict[str, str]:
        """The import error of each batch whose DAG file does not parse."""


def _aware(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
