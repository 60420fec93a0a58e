"""Admin overrides of the programmation: validation on write, resilience on read."""

from __future__ import annotations

import json

import pytest

from ecandidat_batches.admin.programmations import set_programmation
from ecandidat_batches.schedule.overrides import VARIABLE_KEY, effective_programmation, parse_overrides
from ecandidat_batches.schedule.programmation import Programmation, ProgrammationError
from ecandidat_batches.schedule.registry import get_batch


class DictStore:
    def __init__(self, raw: str | None = None) -> None:
        self.raw = raw
        self.writes = 0

    def read(self) -> str | None:
        return self.raw

    def write(self, value: str) -> None:
        self.raw = value
        self.writes += 1


def test_override_is_used() -> None:
    store = DictStore()
    set_programmation("BATCH_ARCHIVAGE", {"jours": ["lun"], "heure": 4, "minute": 0}, store)
    eff = effective_programmation("BATCH_ARCHIVAGE", store.read)
    assert eff.overridden
    assert eff.programmation.libelle() == "Tous les lun à 04h00"
    assert eff.probleme is None
    # other batches keep their default
    assert (
        effective_programmation("BATCH_DEMO", store.read).programmation
        == get_batch("BATCH_DEMO").programmation
    )


def test_setting_the_default_removes_the_override() -> None:
    store = DictStore()
    set_programmation("BATCH_DEMO", Programmation(heure=1), store)
    set_programmation("BATCH_DEMO", get_batch("BATCH_DEMO").programmation, store)
    assert json.loads(store.raw) == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"heure": 24}, "BATCH_DEMO : heure : 24 hors limites"),
        ({"minute": 60}, "BATCH_DEMO : minute : 60 hors limites"),
        ({"jours": ["lun"], "frequence": 0}, "BATCH_DEMO : frequence : 0 hors limites"),
        ({"jours": ["xyz"]}, "BATCH_DEMO : jours : jour inconnu 'xyz'"),
    ],
)
def test_bad_value_is_refused_naming_batch_and_field(value: dict, message: str) -> None:
    store = DictStore('{"BATCH_ARCHIVAGE": {"jours": ["mar"], "heure": 1, "minute": 2}}')
    with pytest.raises(ProgrammationError, match=message):
        set_programmation("BATCH_DEMO", value, store)
    assert store.writes == 0


def test_unknown_batch_is_refused() -> None:
    with pytest.raises(KeyError):
        set_programmation("BATCH_X", {"heure": 1}, DictStore())


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('{"BATCH_DEMO": {"heure": 24, "minute": 0}}', "BATCH_DEMO : heure : 24 hors limites"),
        ('{"BATCH_DEMO": {"jours": ["lun"], "frequence": 0}}', "frequence : 0 hors limites"),
        ('{"BATCH_DEMO": {"jours": ["funday"]}}', "jour inconnu 'funday'"),
        ('{"BATCH_DEMO": "tous les jours"}', "objet attendu"),
        ("not json", "n'est pas du JSON valide"),
        ("[1, 2]", "doit contenir un objet"),
    ],
)
def test_bad_stored_value_keeps_default_and_reports(raw: str, problem: str) -> None:
    eff = effective_programmation("BATCH_DEMO", lambda: raw)
    assert eff.programmation == get_batch("BATCH_DEMO").programmation
    assert not eff.overridden
    assert problem in (eff.probleme or "")


def test_bad_entry_does_not_affect_other_batches() -> None:
    raw = '{"BATCH_DEMO": {"heure": 99}, "BATCH_ARCHIVAGE": {"jours": ["ven"], "heure": 5, "minute": 0}}'
    eff = effective_programmation("BATCH_ARCHIVAGE", lambda: raw)
    assert eff.overridden
    assert eff.probleme is None
    _valid, problems = parse_overrides(raw)
    assert set(problems) == {"BATCH_DEMO"}


def test_unreadable_store_keeps_default() -> None:
    def broken() -> str:
        raise ConnectionError("metadata database down")

    eff = effective_programmation("BATCH_NETTOYAGE", broken)
    assert eff.programmation == get_batch("BATCH_NETTOYAGE").programmation
    assert "metadata database down" in (eff.probleme or "")


def test_unknown_code_in_store_is_reported_not_applied() -> None:
    _valid, problems = parse_overrides('{"BATCH_NOPE": {"heure": 1}}')
    assert problems == {"BATCH_NOPE": "BATCH_NOPE : batch inconnu"}


def test_variable_key_is_stable() -> None:
    # Changing it would silently drop every admin's stored programmation.
    assert VARIABLE_KEY == "ecandidat_batches_programmations"
