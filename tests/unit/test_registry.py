"""The registry against eCandidat's screen (the seed) and eCandidat's defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecandidat_batches.schedule.programmation import DAYS, Programmation
from ecandidat_batches.schedule.registry import BATCHES, get_batch, ordered_codes

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_batches.tsv"


def _seed_rows() -> list[list[str]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("row", _seed_rows(), ids=lambda r: r[0])
def test_registry_matches_the_screen(row: list[str]) -> None:
    code, label, en_service, wording = row
    batch = get_batch(code.replace("SYNC_HRO", "SYNCHRO"))
    assert batch.libelle == label
    assert batch.en_service is (en_service == "O")
    assert batch.programmation.libelle() == wording


def test_destruct_histo_has_ecandidat_default() -> None:
    batch = get_batch("BATCH_DESTRUCT_HISTO")
    assert batch.programmation == Programmation(jours=DAYS, heure=23, minute=0)


def test_registry_has_every_ecandidat_batch_then_the_package_s_own() -> None:
    assert len([b for b in BATCHES.values() if not b.ajoute]) == 16
    assert all(code.startswith("BATCH_") and code.isupper() for code in BATCHES)
    assert all(b.dag_file == f"{b.code.lower()}.py" for b in BATCHES.values())
    ecandidat = sorted(c for c in BATCHES if not BATCHES[c].ajoute)
    assert ordered_codes() == [*ecandidat, "BATCH_RELANCE_TRANSMISSION"], "eCandidat's sixteen, then ours"


def test_the_added_batch_is_out_of_service_early_every_morning_with_a_dry_run() -> None:
    batch = get_batch("BATCH_RELANCE_TRANSMISSION")
    assert (batch.libelle, batch.en_service, batch.dry_run) == (
        "Relance des candidatures non transmises",
        False,
        True,
    )
    assert batch.programmation.libelle() == "Tous les lun, mar, mer, jeu, ven, sam, dim à 06h30"


def test_unknown_code_lists_known_ones() -> None:
    with pytest.raises(KeyError, match="BATCH_DEMO"):
        get_batch("BATCH_INCONNU")
