"""LimeSurvey export decoding and eCandidat's mapping rules, byte for byte."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ecandidat_batches.jobs.sync_limesurvey import answer_text, decode_export, select_latest

ROW = {
    "id": 1,
    "submitdate": "2022-01-04 10:47:48",
    "lastpage": 1,
    "startlanguage": "fr",
    "seed": "123",
    "startdate": "2022-01-04 10:40:00",
    "datestamp": "2022-01-04 10:47:48",
    "numDossier": "00CJWJIE",
    "Q1": "Oui",
    "Q2[SQ001]": None,
    "Q3": "Parce que ; voilà",
}


def test_answer_text_is_ecandidat_format() -> None:
    assert answer_text(ROW) == "Q1 : Oui{;}Q2[SQ001] : null{;}Q3 : Parce que ; voilà{;}"


def test_answer_text_without_answers_is_null() -> None:
    assert answer_text({k: v for k, v in ROW.items() if not k.startswith("Q")}) is None


def test_both_layouts_decode_to_the_same_rows() -> None:
    v4 = json.dumps({"responses": [ROW, {**ROW, "id": 2}]}).encode()
    v3 = json.dumps([{"1": ROW}, {"2": {**ROW, "id": 2}}]).encode()
    assert decode_export(v4, v3_layout=False) == decode_export(v3, v3_layout=True)


@pytest.mark.parametrize(
    ("raw", "v3"), [(b"{not json", False), (b'{"rows": []}', False), (b'{"responses": []}', True)]
)
def test_bad_exports_are_errors(raw: bytes, v3: bool) -> None:
    with pytest.raises(ValueError, match=r"Expecting|attendu"):
        decode_export(raw, v3_layout=v3)


def test_latest_submitdate_wins_and_bad_rows_are_counted() -> None:
    rows = [
        {**ROW, "id": 1, "submitdate": "2022-01-04 10:47:48", "Q1": "ancienne"},
        {**ROW, "id": 2, "submitdate": "2022-01-05 09:00:00", "Q1": "récente"},
        {**ROW, "id": 3, "submitdate": "2022-01-03 09:00:00", "Q1": "plus ancienne"},
        {**ROW, "id": 4, "submitdate": None},
        {**ROW, "id": 5, "submitdate": "04/01/2022"},
        {**ROW, "id": 6, "numDossier": None, "idCandidature": "12"},
        {**ROW, "id": 7, "numDossier": None, "idCandidature": "douze"},
        {**ROW, "id": 8, "numDossier": None},
    ]
    latest = select_latest(rows)
    assert latest.candidats["00CJWJIE"][0] == dt.datetime(2022, 1, 5, 9)
    assert latest.candidats["00CJWJIE"][1].startswith("Q1 : récente{;}")
    assert list(latest.candidatures) == [12]
    assert latest.skipped == {
        "réponse sans submitdate": 1,
        "date de soumission illisible": 1,
        "idCandidature non numérique": 1,
        "ni numDossier ni idCandidature": 1,
    }


def test_a_row_with_id_candidature_never_goes_to_the_candidate() -> None:
    latest = select_latest([{**ROW, "idCandidature": "5"}])
    assert latest.candidats == {}
    assert list(latest.candidatures) == [5]
