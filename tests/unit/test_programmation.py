"""eCandidat's programmation: validation, French wording both ways, cron and timetables, DST."""

from __future__ import annotations

import datetime as dt
import itertools
from unittest import mock

import pendulum
import pytest

from ecandidat_batches.schedule.programmation import DAYS, Programmation, ProgrammationError

WEEKDAYS = DAYS[:5]


@pytest.mark.parametrize(
    ("prog", "libelle"),
    [
        (Programmation(jours=WEEKDAYS, heure=3, minute=50), "Tous les lun, mar, mer, jeu, ven à 03h50"),
        (Programmation(heure=22, minute=30), "Aucun jour à 22h30"),
        (
            Programmation(jours=DAYS, heure=22, minute=30),
            "Tous les lun, mar, mer, jeu, ven, sam, dim à 22h30",
        ),
        (Programmation(jours=DAYS, frequence=30), "Toutes les 30 min"),
        (Programmation(jours=("sam", "lun"), frequence=15), "Tous les lun, sam toutes les 15 min"),
        (Programmation(frequence=30), "Aucun jour toutes les 30 min"),
        (Programmation(jour_fixe=15, mois_fixe=6, heure=22, minute=30), "Le 15/06 à 22h30"),
        (Programmation(jour_fixe=1, heure=6, minute=5), "Le 01 de chaque mois à 06h05"),
        (
            Programmation(jour_fixe=15, mois_fixe=6, annee_fixe=2027, heure=22, minute=30),
            "Le 15/06/2027 à 22h30",
        ),
        (Programmation(jour_fixe=15, mois_fixe=6, frequence=20), "Le 15/06 toutes les 20 min"),
    ],
)
def test_libelle_and_back(prog: Programmation, libelle: str) -> None:
    assert prog.libelle() == libelle
    assert Programmation.from_libelle(libelle) == prog


def test_days_are_normalised_to_ecandidat_order() -> None:
    assert Programmation(jours=("ven", "lun", "ven")).jours == ("lun", "ven")


@pytest.mark.parametrize(
    ("prog", "cron"),
    [
        (Programmation(jours=WEEKDAYS, heure=3, minute=50), "50 3 * * 1,2,3,4,5"),
        (Programmation(jours=DAYS, heure=22, minute=30), "30 22 * * *"),
        (Programmation(jours=("dim",), heure=0, minute=0), "0 0 * * 0"),
        (Programmation(jours=DAYS, frequence=30), "*/30 * * * *"),
        (Programmation(jours=DAYS, frequence=1), "* * * * *"),
        (Programmation(jours=("lun",), frequence=120), "0 */2 * * 1"),
        (Programmation(jour_fixe=15, mois_fixe=6, heure=22, minute=30), "30 22 15 6 *"),
        (Programmation(jour_fixe=31, heure=1, minute=0), "0 1 31 * *"),
        (Programmation(heure=22, minute=30), None),
        (Programmation(jour_fixe=15, mois_fixe=6, annee_fixe=2027), "0 0 15 6 *"),
    ],
)
def test_cron(prog: Programmation, cron: str | None) -> None:
    assert prog.cron() == cron


def test_fixed_date_takes_precedence_over_days_as_in_ecandidat() -> None:
    assert Programmation(jours=WEEKDAYS, jour_fixe=10, heure=1, minute=2).cron() == "2 1 10 * *"


def test_no_day_means_a_timetable_that_never_schedules() -> None:
    from airflow.timetables.base import TimeRestriction

    timetable = Programmation(heure=22, minute=55).timetable()
    assert not timetable.can_be_scheduled
    assert timetable.summary == "Aucun jour à 22h55"
    restriction = TimeRestriction(None, None, False)
    assert timetable.next_dagrun_info(last_automated_data_interval=None, restriction=restriction) is None
    assert not Programmation(heure=22, minute=55).runs_on_schedule


def _next_runs(prog: Programmation, after: dt.datetime, n: int) -> list[dt.datetime]:
    from airflow.timetables.base import DataInterval, TimeRestriction

    core = prog.timetable()
    last = DataInterval(pendulum.instance(after), pendulum.instance(after))
    out = []
    for _ in range(n):
        # The scheduler asks for the next slot just after it created the previous run.
        with mock.patch(
            "ecandidat_batches.schedule.timetables.utcnow", return_value=pendulum.instance(last.end)
        ):
            info = core.next_dagrun_info(
                last_automated_data_interval=last, restriction=TimeRestriction(None, None, False)
            )
        assert info is not None
        out.append(info.run_after)
        last = info.data_interval
    return out


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2026, 3, 27, 12, tzinfo=dt.UTC),  # across the switch to summer time (29 March)
        dt.datetime(2026, 10, 23, 12, tzinfo=dt.UTC),  # across the switch to winter time (25 October)
    ],
)
def test_weekday_slot_stays_at_0350_paris_across_dst(start: dt.datetime) -> None:
    runs = _next_runs(Programmation(jours=DAYS, heure=3, minute=50), start, 5)
    local = [r.in_timezone("Europe/Paris") for r in runs]
    assert {(r.hour, r.minute) for r in local} == {(3, 50)}
    offsets = {r.utcoffset() for r in local}
    assert len(offsets) == 2, "the UTC time must move with daylight saving"


def test_weekdays_skip_the_weekend() -> None:
    runs = _next_runs(Programmation(jours=WEEKDAYS, heure=21, minute=0), dt.datetime(2026, 11, 27, 21, 30), 2)
    # Friday 27/11/2026 21:30 UTC -> Monday 30/11 21:00 Paris, then Tuesday.
    local = [r.in_timezone("Europe/Paris") for r in runs]
    assert [(r.day, r.hour) for r in local] == [(30, 21), (1, 21)]


def test_one_day_runs_once() -> None:
    prog = Programmation(jour_fixe=15, mois_fixe=6, annee_fixe=2027, heure=22, minute=30)
    from airflow.timetables.base import TimeRestriction

    core = prog.timetable()
    restriction = TimeRestriction(None, pendulum.instance(prog.end_date()), False)
    now = pendulum.datetime(2026, 12, 1, tz="UTC")
    with mock.patch("ecandidat_batches.schedule.timetables.utcnow", return_value=now):
        first = core.next_dagrun_info(last_automated_data_interval=None, restriction=restriction)
        assert first is not None
        assert first.run_after.in_timezone("Europe/Paris").isoformat() == "2027-06-15T22:30:00+02:00"
        after = core.next_dagrun_info(
            last_automated_data_interval=first.data_interval, restriction=restriction
        )
    assert after is None
    assert Programmation(jours=DAYS).end_date() is None


def test_uneven_frequency_every_day_is_an_interval() -> None:
    runs = _next_runs(
        Programmation(jours=DAYS, frequence=45), dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), 3
    )
    assert [b - a for a, b in itertools.pairwise(runs)] == [dt.timedelta(minutes=45)] * 2


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"heure": 24}, "heure", "24 hors limites"),
        ({"minute": 60}, "minute", "60 hors limites"),
        ({"heure": -1}, "heure", "hors limites"),
        ({"frequence": 0}, "frequence", "0 hors limites"),
        ({"jours": ("lundi",)}, "jours", "jour inconnu 'lundi'"),
        ({"heure": "3"}, "heure", "nombre entier attendu"),
        ({"heure": True}, "heure", "nombre entier attendu"),
        ({"jour_fixe": 32}, "jour_fixe", "hors limites"),
        ({"jour_fixe": 31, "mois_fixe": 4}, "jour_fixe", "31/04 n'existe pas"),
        ({"jour_fixe": 29, "mois_fixe": 2, "annee_fixe": 2027}, "jour_fixe", "29/02/2027 n'existe pas"),
        ({"mois_fixe": 6}, "mois_fixe", "demande aussi un jour"),
        ({"annee_fixe": 2027, "jour_fixe": 1}, "annee_fixe", "demande aussi un jour et un mois"),
        ({"jours": ("lun",), "frequence": 45}, "frequence", "45 min"),
    ],
)
def test_bad_values_name_the_field(kwargs: dict, field: str, fragment: str) -> None:
    with pytest.raises(ProgrammationError) as err:
        Programmation(**kwargs)
    assert err.value.field_name == field
    assert fragment in str(err.value)


def test_leap_day_is_a_valid_yearly_date() -> None:
    assert Programmation(jour_fixe=29, mois_fixe=2).cron() == "0 0 29 2 *"


def test_error_for_batch_names_the_batch() -> None:
    with pytest.raises(ProgrammationError) as err:
        Programmation(heure=24)
    assert str(err.value.for_batch("BATCH_DEMO")).startswith("BATCH_DEMO : heure : 24 hors limites")


@pytest.mark.parametrize(
    ("data", "field"),
    [({"heure": 3, "couleur": "rouge"}, "couleur"), ({"jours": "lun"}, "jours"), ([1, 2], "programmation")],
)
def test_from_dict_rejects_bad_shapes(data: object, field: str) -> None:
    with pytest.raises(ProgrammationError) as err:
        Programmation.from_dict(data)  # type: ignore[arg-type]
    assert err.value.field_name == field


def test_dict_round_trip() -> None:
    prog = Programmation(jours=("mar", "jeu"), heure=7, minute=5)
    assert Programmation.from_dict(prog.to_dict()) == prog


@pytest.mark.parametrize(
    "text", ["Quand je veux", "Tous les lundis à 03h50", "Le 45/13 à 10h00", "Aucun jour à 25h00"]
)
def test_from_libelle_rejects_bad_text(text: str) -> None:
    with pytest.raises(ProgrammationError):
        Programmation.from_libelle(text)


HUGE = "9" * 5000  # beyond Python's 4,300 digits of int(str): the parse itself would raise ValueError


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (f"Toutes les {HUGE} min", "frequence"),
        (f"Tous les lun toutes les {HUGE} min", "frequence"),
        (f"Le {HUGE} de chaque mois à 03h00", "programmation"),
        ({"frequence": int("9" * 4000)}, "frequence"),
        ({"heure": -int("9" * 4000)}, "heure"),
        ('{"frequence": ' + HUGE + "}", "programmation"),
    ],
)
def test_a_huge_number_is_refused_in_french_with_a_short_message(value: object, field: str) -> None:
    """Issue 27 item 9: ``cli set`` with a 5,000-digit frequency exited with a traceback."""
    from ecandidat_batches.schedule.programmation import programmation_of

    with pytest.raises(ProgrammationError) as err:
        programmation_of(value)  # type: ignore[arg-type]
    assert err.value.field_name == field
    assert len(str(err.value)) < 300, "the message quotes a cut value, not 5,000 digits"


def test_the_cli_refuses_a_huge_frequency_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    from ecandidat_batches.admin.cli import main

    assert main(["set", "BATCH_DEMO", f"Toutes les {HUGE} min"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Refusé : BATCH_DEMO : frequence : "), err[:200]
    assert "hors limites" in err
    assert "Traceback" not in err
    assert len(err) < 300
