"""The takeover's plan: what it imports, hands over, leaves with eCandidat, and when it refuses."""

from __future__ import annotations

import pytest

from ecandidat_batches.admin import takeover
from ecandidat_batches.schedule.programmation import Programmation

EVERY_MONDAY = Programmation(jours=("lun",), heure=4, minute=15)


def row(code: str, on: bool, prog: Programmation | None = EVERY_MONDAY) -> takeover.EcandidatBatch:
    ours = takeover.LEGACY_CODES.get(code, code)
    return takeover.EcandidatBatch(code, ours, on, prog, None if prog else "le 31/02 n'existe pas")


def test_the_plan_imports_once_hands_over_and_leaves_what_is_not_ours() -> None:
    rows = [
        row("BATCH_ARCHIVAGE", True),
        row("BATCH_SYNCHRO_LIMESURVEY", True),
        row("BATCH_NETTOYAGE_CPT", False),
        row("BATCH_MAISON", True),  # an institution's own batch: not ours
    ]
    plan = takeover.plan(rows, imported={"BATCH_NETTOYAGE_CPT": "2026-11-01T00:00:00+00:00"})
    assert [r.code for r in plan.imports] == ["BATCH_ARCHIVAGE", "BATCH_SYNC_LIMESURVEY"]
    assert plan.hand_over == ["BATCH_ARCHIVAGE", "BATCH_SYNCHRO_LIMESURVEY"]
    assert plan.left == ["BATCH_MAISON"]


def test_a_batch_whose_programmation_cannot_be_read_stays_with_ecandidat() -> None:
    plan = takeover.plan([row("BATCH_ARCHIVAGE", True, prog=None)], imported={})
    assert plan.imports == []
    assert plan.hand_over == [], "handing it over would leave it run nowhere, or on another schedule"
    assert [r.code for r in plan.refused] == ["BATCH_ARCHIVAGE"]
    assert "le batch reste à eCandidat" in " ".join(takeover.lines(plan, {}))
    assert takeover.still_in_service([row("BATCH_ARCHIVAGE", True, prog=None)]) == ["BATCH_ARCHIVAGE"]


def test_it_refuses_before_any_change_while_a_dag_is_not_in_airflow() -> None:
    plan = takeover.plan([row("BATCH_ARCHIVAGE", False), row("BATCH_DEMO", True)], imported={})
    current = {"BATCH_ARCHIVAGE": ("Aucun jour à 22h30", None), "BATCH_DEMO": ("Aucun jour à 03h50", False)}
    with pytest.raises(takeover.TakeoverRefusedError, match="n'a pas encore lu le DAG de BATCH_ARCHIVAGE"):
        takeover.check_dags(plan, current)
    current["BATCH_ARCHIVAGE"] = ("Aucun jour à 22h30", True)
    takeover.check_dags(plan, current)


def test_the_page_does_not_wait_for_a_database_that_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from ecandidat_batches.admin import doubles

    monkeypatch.setattr(doubles, "DOUBLES_TIMEOUT_S", 0.2)
    monkeypatch.setattr(doubles, "read_doubles", lambda: time.sleep(2) or (["BATCH_DEMO"], None))
    started = time.monotonic()
    assert doubles.doubles() == ([], "la base d'eCandidat ne répond pas en 0.2 s")
    assert time.monotonic() - started < 1
