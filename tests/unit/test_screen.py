"""The Batches screen's words: eCandidat's states and its "Dernière exécution" text."""

from __future__ import annotations

import pytest

from ecandidat_batches.admin.screen import derniere_execution, ecandidat_state
from ecandidat_batches.state import Run


def _run(state: str, note: str | None = None, start: str | None = None, end: str | None = None) -> Run:
    return Run.from_api(
        {
            "dag_id": "BATCH_DEMO",
            "dag_run_id": "r",
            "state": state,
            "run_type": "manual",
            "run_after": "2015-10-15T01:53:00Z",
            "start_date": start,
            "end_date": end,
            "note": note,
        }
    )


@pytest.mark.parametrize(
    ("run", "state"),
    [
        (_run("success"), "FINISH"),
        (_run("failed"), "ERROR"),
        (_run("failed", "INTERRUPT - interrompu par BATCH_NETTOYAGE"), "INTERRUPT"),
        (_run("success", "INTERRUPT - a note on a run that succeeded"), "FINISH"),
        (_run("running"), "RUNNING"),
        (_run("queued"), "RUNNING"),
    ],
)
def test_states(run: Run, state: str) -> None:
    assert ecandidat_state(run) == state


def test_last_run_in_ecandidat_form_in_paris_time() -> None:
    run = _run("success", start="2015-10-15T01:53:35Z", end="2015-10-15T01:53:53Z")
    assert (
        derniere_execution(run) == "FINISH - Deb : 15/10/2015 03:53:35 - Fin : 03:53:53 - Durée : 00min 18sec"
    )


def test_running_and_never_run() -> None:
    assert derniere_execution(_run("running", start="2016-01-08T20:01:01Z")) == (
        "RUNNING - Deb : 08/01/2016 21:01:01"
    )
    assert derniere_execution(None) == ""
