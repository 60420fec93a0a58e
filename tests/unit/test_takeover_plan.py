"""The takeover's and the return's plans: what they propose batch by batch, what they leave, when they
refuse; the record they keep; the page's wait for eCandidat's database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecandidat_batches.admin import handback, takeover
from ecandidat_batches.admin.batch_table import LEGACY_CODES, EcandidatBatch, columns_of
from ecandidat_batches.admin.record import Entry, TakeoverRefusedError, dump_record, parse_record
from ecandidat_batches.schedule.programmation import Programmation

EVERY_MONDAY = Programmation(jours=("lun",), heure=4, minute=15)
EVERY_30_MIN = Programmation(jours=("lun", "mar", "mer", "jeu", "ven", "sam", "dim"), frequence=30)


def columns(on: bool, prog: Programmation | None) -> dict[str, Any]:
    days = dict.fromkeys(("tem_lundi_batch", "tem_mardi_batch", "tem_mercr_batch", "tem_jeudi_batch",
                          "tem_vendredi_batch", "tem_samedi_batch", "tem_diman_batch"), False)  # fmt: skip
    for day, column in zip(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"), days, strict=True):
        days[column] = prog is not None and day in prog.jours
    hour = dt.time(prog.heure, prog.minute) if prog else dt.time(3, 0)
    every = (prog and prog.frequence) or 0
    return columns_of(
        {"tes_batch": on, **days, "fixe_hour_batch": hour, "fixe_day_batch": None, "fixe_month_batch": None,
         "fixe_year_batch": None, "tem_frequence_batch": every > 0, "frequence_batch": every}
    )  # fmt: skip


def row(code: str, on: bool, prog: Programmation | None = EVERY_MONDAY) -> EcandidatBatch:
    ours = LEGACY_CODES.get(code, code)
    error = None if prog else "le 31/02 n'existe pas"
    return EcandidatBatch(code, ours, on, prog, error, columns(on, prog))


HERE = {
    "BATCH_ARCHIVAGE": ("Aucun jour à 22h30", False),
    "BATCH_NETTOYAGE_CPT": ("Aucun jour à 23h00", True),
    "BATCH_SYNC_LIMESURVEY": ("Toutes les 10 min", True),
    "BATCH_DEMO": ("Aucun jour à 03h50", False),
}


def test_only_what_ecandidat_runs_is_proposed_and_nothing_else_changes() -> None:
    """Issue 27 item 8: with nothing doubled, the takeover paused every batch and replaced programmations."""
    plan = takeover.plan([row("BATCH_NETTOYAGE_CPT", False), row("BATCH_ARCHIVAGE", False)], {}, HERE)
    assert plan.changes == []
    assert plan.lines() == [
        "BATCH_ARCHIVAGE : eCandidat ne le lance pas : rien ne change (ici : « Aucun jour à 22h30 », "
        "hors service)",
        "BATCH_NETTOYAGE_CPT : eCandidat ne le lance pas : rien ne change (ici : « Aucun jour à 23h00 », "
        "en service)",
        "Rien à reprendre : eCandidat ne lance aucun batch que ce paquet lance.",
    ]
    with pytest.raises(
        TakeoverRefusedError, match="situation a changé depuis l'aperçu pour BATCH_NETTOYAGE_CPT"
    ):
        takeover.choose(plan, {"BATCH_NETTOYAGE_CPT": None})


def test_a_batch_ecandidat_runs_is_imported_in_service_and_handed_over_with_its_state_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = takeover.plan([row("BATCH_ARCHIVAGE", True), row("BATCH_MAISON", True)], {}, HERE)
    (change,) = plan.changes
    assert change.line == (
        "BATCH_ARCHIVAGE : programmation « Tous les lun à 04h15 » (ici : « Aucun jour à 22h30 »), en service "
        "(ici : hors service) ; eCandidat : BATCH_ARCHIVAGE mis hors service (tes_batch 1 -> 0)"
    )
    assert plan.left == ["BATCH_MAISON"], "an institution's own batch stays with eCandidat"
    assert takeover.before([change]) == {
        "BATCH_ARCHIVAGE": {
            "ici": {"programmation": "Aucun jour à 22h30", "en_service": False},
            "ecandidat": {"BATCH_ARCHIVAGE": "en service, « Tous les lun à 04h15 »"},
        }
    }
    set_batch: list[tuple[str, Programmation, bool]] = []
    written: list[str] = []
    handed: list[Any] = []

    # eCandidat's side, recorded here: its SQL runs on both engines in tests/e2e/test_takeover.py.
    monkeypatch.setattr(takeover, "ecandidat_side", lambda *args: handed.append(args))
    now = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    takeover.apply(None, [change], record={}, set_batch=lambda *a: set_batch.append(a),  # type: ignore[arg-type]
                   write_record=written.append, now=now)  # fmt: skip
    assert set_batch == [("BATCH_ARCHIVAGE", EVERY_MONDAY, True)]
    entry = parse_record(written[0])["BATCH_ARCHIVAGE"]
    assert entry.reprise == "2026-11-02T08:00:00+00:00"
    assert entry.ecandidat == {"BATCH_ARCHIVAGE": columns(True, EVERY_MONDAY)}
    assert entry.ici == {"programmation": "Aucun jour à 22h30", "en_service": False}
    assert handed[0][1] == ["BATCH_ARCHIVAGE"]


def test_both_limesurvey_codes_in_service_are_one_batch_here() -> None:
    """Issue 27 item 8: eCandidat holding both codes in service gave a 500; the dry run lists it once."""
    rows = [
        row("BATCH_SYNC_LIMESURVEY", True, EVERY_MONDAY),
        row("BATCH_SYNCHRO_LIMESURVEY", True, EVERY_30_MIN),
    ]
    plan = takeover.plan(rows, {}, HERE)
    (change,) = plan.changes
    assert [line for line in plan.lines() if "LIMESURVEY" in line] == [change.line]
    assert change.imported is not None
    assert change.imported.ecandidat_code == "BATCH_SYNCHRO_LIMESURVEY"
    assert change.hand_over == ("BATCH_SYNCHRO_LIMESURVEY", "BATCH_SYNC_LIMESURVEY")
    assert "programmation de BATCH_SYNC_LIMESURVEY (« Tous les lun à 04h15 ») non reprise" in change.line
    # Only the legacy one in service: it is the one imported.
    rows = [
        row("BATCH_SYNC_LIMESURVEY", True, EVERY_MONDAY),
        row("BATCH_SYNCHRO_LIMESURVEY", False, EVERY_30_MIN),
    ]
    (change,) = takeover.plan(rows, {}, HERE).changes
    assert change.imported is not None
    assert change.imported.ecandidat_code == "BATCH_SYNC_LIMESURVEY"
    assert change.hand_over == ("BATCH_SYNC_LIMESURVEY",)


def test_a_batch_taken_over_and_run_again_by_ecandidat_is_only_handed_over() -> None:
    record = {"BATCH_ARCHIVAGE": Entry(reprise="2026-11-01T00:00:00+00:00", ecandidat={}, ici={})}
    (change,) = takeover.plan([row("BATCH_ARCHIVAGE", True)], record, HERE).changes
    assert change.imported is None
    assert change.line.startswith(
        "BATCH_ARCHIVAGE : repris le 01/11/2026 à 01:00, relancé depuis par eCandidat"
    )
    # Given back since: it is a new takeover.
    record = {
        "BATCH_ARCHIVAGE": Entry(reprise="2026-11-01T00:00:00+00:00", rendu="2026-11-03T00:00:00+00:00")
    }
    (change,) = takeover.plan([row("BATCH_ARCHIVAGE", True)], record, HERE).changes
    assert change.imported is not None


def test_a_batch_whose_programmation_cannot_be_read_stays_with_ecandidat() -> None:
    plan = takeover.plan([row("BATCH_ARCHIVAGE", True, prog=None)], {}, HERE)
    assert plan.changes == []
    assert "le batch reste à eCandidat" in " ".join(plan.lines())
    assert takeover.still_in_service([row("BATCH_ARCHIVAGE", True, prog=None)]) == ["BATCH_ARCHIVAGE"]


def test_the_batch_this_package_adds_is_ignored_by_the_takeover() -> None:
    """eCandidat has no BATCH_RELANCE_TRANSMISSION: a row of that code there is an institution's own."""
    rows = [row("BATCH_RELANCE_TRANSMISSION", True), row("BATCH_ARCHIVAGE", True)]
    plan = takeover.plan(rows, {}, HERE)
    assert [c.code for c in plan.changes] == ["BATCH_ARCHIVAGE"]
    assert plan.left == ["BATCH_RELANCE_TRANSMISSION"]
    assert takeover.still_in_service(rows) == ["BATCH_ARCHIVAGE"], "no double warned for it"


def test_a_confirmation_must_match_the_preview() -> None:
    plan = takeover.plan([row("BATCH_ARCHIVAGE", True), row("BATCH_DEMO", True)], {}, HERE)
    seen = {c.code: c.fingerprint for c in plan.changes}
    assert [c.code for c in takeover.choose(plan, {"BATCH_DEMO": seen["BATCH_DEMO"]})] == ["BATCH_DEMO"]
    with pytest.raises(TakeoverRefusedError, match="aucun batch choisi"):
        takeover.choose(plan, {})
    later = takeover.plan([row("BATCH_ARCHIVAGE", True, EVERY_30_MIN)], {}, HERE)  # edited in eCandidat since
    with pytest.raises(TakeoverRefusedError, match="depuis l'aperçu pour BATCH_ARCHIVAGE"):
        takeover.choose(later, {"BATCH_ARCHIVAGE": seen["BATCH_ARCHIVAGE"]})


def test_it_refuses_before_any_change_while_a_dag_is_not_in_airflow() -> None:
    here = {**HERE, "BATCH_ARCHIVAGE": ("Aucun jour à 22h30", None)}
    plan = takeover.plan([row("BATCH_ARCHIVAGE", True), row("BATCH_DEMO", True)], {}, here)
    with pytest.raises(TakeoverRefusedError, match="n'a pas encore lu le DAG de BATCH_ARCHIVAGE"):
        takeover.check_dags(plan.changes)
    takeover.check_dags([c for c in plan.changes if c.code == "BATCH_DEMO"])


def test_the_record_reads_the_older_form_and_refuses_a_value_edited_by_hand() -> None:
    record = parse_record('{"BATCH_ASYNC_OPI": "2026-01-01T00:00:00+00:00"}')
    assert record == {"BATCH_ASYNC_OPI": Entry(reprise="2026-01-01T00:00:00+00:00")}
    assert parse_record(dump_record(record)) == record
    for raw in ("[1]", "{", '{"BATCH_DEMO": {"couleur": 1}}'):
        with pytest.raises(TakeoverRefusedError, match="ecandidat_batches_takeover est illisible"):
            parse_record(raw)


def test_the_return_writes_back_what_the_takeover_recorded() -> None:
    before = columns(True, EVERY_MONDAY)
    record = {
        "BATCH_ARCHIVAGE": Entry(reprise="2026-11-01T00:00:00+00:00", ecandidat={"BATCH_ARCHIVAGE": before})
    }
    now = [row("BATCH_ARCHIVAGE", False, EVERY_MONDAY)]
    plan = handback.plan(now, record, {"BATCH_ARCHIVAGE": ("Tous les lun à 04h15", True)})
    (change,) = plan.changes
    assert change.pause
    assert change.rows == ({"cod_batch": "BATCH_ARCHIVAGE", **before},)
    assert change.line == (
        "BATCH_ARCHIVAGE : ici mis hors service (était en service) ; eCandidat : BATCH_ARCHIVAGE remis comme "
        "avant la reprise du 01/11/2026 à 01:00 : en service, « Tous les lun à 04h15 » (actuellement : hors "
        "service, « Tous les lun à 04h15 »)"
    )
    # Given back already, and eCandidat as it was: nothing to offer, and a CLI naming it is told so.
    done = {
        "BATCH_ARCHIVAGE": Entry(
            reprise="2026-11-01T00:00:00+00:00",
            ecandidat={"BATCH_ARCHIVAGE": before},
            rendu="2026-11-02T00:00:00+00:00",
        )
    }
    back = [row("BATCH_ARCHIVAGE", True, EVERY_MONDAY)]
    assert handback.plan(back, done, {"BATCH_ARCHIVAGE": ("Tous les lun à 04h15", False)}).changes == []
    named = handback.plan(back, done, {}, codes=["BATCH_ARCHIVAGE"])
    assert named.lines() == ["BATCH_ARCHIVAGE : déjà rendu à eCandidat le 02/11/2026 à 01:00"]
    with pytest.raises(TakeoverRefusedError, match="BATCH_ARCHIVAGE ne peut pas être rendu"):
        handback.choose(named, {"BATCH_ARCHIVAGE": None})


def test_a_takeover_without_recorded_state_or_none_cannot_be_given_back() -> None:
    record = {"BATCH_ASYNC_OPI": Entry(reprise="2026-01-01T00:00:00+00:00")}
    plan = handback.plan([], record, {}, codes=["BATCH_ASYNC_OPI", "BATCH_DEMO"])
    assert plan.changes == []
    assert plan.lines() == [
        "BATCH_ASYNC_OPI : repris le 01/01/2026 à 01:00 par une version antérieure du paquet, qui n'a "
        "pas noté l'état d'eCandidat : à rendre à la main (mettez-le en service dans l'écran Batches "
        "d'eCandidat, puis hors service ici)",
        "BATCH_DEMO : jamais repris d'eCandidat ici : rien à rendre",
    ]


def test_a_batch_given_back_and_out_of_service_here_is_no_double() -> None:
    given_back = {
        "BATCH_ARCHIVAGE": Entry(reprise="2026-11-01T00:00:00+00:00", rendu="2026-11-02T00:00:00+00:00")
    }
    rows = [row("BATCH_ARCHIVAGE", True)]
    assert takeover.still_in_service(rows, given_back, {"BATCH_ARCHIVAGE": False}) == []
    assert takeover.still_in_service(rows, given_back, {"BATCH_ARCHIVAGE": True}) == ["BATCH_ARCHIVAGE"]
    assert takeover.still_in_service(rows, {}, {"BATCH_ARCHIVAGE": False}) == ["BATCH_ARCHIVAGE"]


def test_the_page_does_not_wait_for_a_database_that_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from ecandidat_batches.admin import doubles

    monkeypatch.setattr(doubles, "DOUBLES_TIMEOUT_S", 0.2)
    monkeypatch.setattr(
        doubles, "read_ecandidat", lambda *_a: time.sleep(2) or doubles.EcandidatView([row("X", True)])
    )
    started = time.monotonic()
    assert doubles.ecandidat_view() == doubles.EcandidatView(
        error="la base d'eCandidat ne répond pas en 0.2 s"
    )
    assert time.monotonic() - started < 1
