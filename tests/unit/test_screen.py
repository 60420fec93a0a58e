"""The Batches screen's words: eCandidat's states and its "Dernière exécution" text."""

from __future__ import annotations

import pytest

from ecandidat_batches.admin.screen import derniere_execution, ecandidat_state


@pytest.mark.parametrize(
    ("run", "state"),
    [
        ({"state": "success"}, "FINISH"),
        ({"state": "failed", "note": None}, "ERROR"),
        ({"state": "failed", "note": "INTERRUPT - interrompu par BATCH_NETTOYAGE"}, "INTERRUPT"),
        ({"state": "running"}, "RUNNING"),
        ({"state": "queued"}, "RUNNING"),
    ],
)
def test_states(run: dict, state: str) -> None:
    assert ecandidat_state(run) == state


def test_last_run_in_ecandidat_form_in_paris_time() -> None:
    run = {"state": "success", "start_date": "2015-10-15T01:53:35Z", "end_date": "2015-10-15T01:53:53Z"}
    assert (
        derniere_execution(run) == "FINISH - Deb : 15/10/2015 03:53:35 - Fin : 03:53:53 - Durée : 00min 18sec"
    )


def test_running_and_never_run() -> None:
    assert derniere_execution({"state": "running", "start_date": "2016-01-08T20:01:01Z"}) == (
        "RUNNING - Deb : 08/01/2016 21:01:01"
    )
    assert derniere_execution(None) == ""
