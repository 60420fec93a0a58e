"""LimeSurvey export decoding and eCandidat's mapping rules, byte for byte."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ecandidat_batches.limesurvey.answers import (
    DATE_FORMAT,
    answer_text,
    decode_export,
    parse_date,
    select_latest,
)

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
    # LimeSurvey 2.x/3.x (eCandidat's SurveyReponseRootV3): the same envelope, each row keyed by its id.
    v3 = json.dumps({"responses": [{"1": ROW}, {"2": {**ROW, "id": 2}}]}).encode()
    assert decode_export(v4) == decode_export(v3) == [ROW, {**ROW, "id": 2}]


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b'{"rows": []}',
        json.dumps([{"1": ROW}]).encode(),  # a bare list: what no server sends
        b'{"responses": [1, 2]}',
    ],
)
def test_bad_exports_are_errors(raw: bytes) -> None:
    with pytest.raises(ValueError, match=r"Expecting|JSON inattendu"):
        decode_export(raw)


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


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-04 10:47:48",
        "2024-02-29 23:59:59",
        "2023-02-29 10:00:00",  # no such day
        "2022-13-04 10:47:48",
        "2022-01-04 24:00:00",
        "2022-01-04 10:47:60",
        "0000-01-04 10:47:48",
        "2022-01- 4 10:47:48",  # strptime takes a space-padded day
        "2022-1-4 1:2:3",
        "2022-01-04T10:47:48",  # ISO, not LimeSurvey's: refused as strptime refuses it
        "2022-01-04 10:47.48",
        "2022-01-04 10:47:48.5",
        "2022-01-04 10:47:4\u0668",  # a non-ASCII digit
        "04/01/2022",
    ],
)
def test_submitdate_is_read_exactly_as_strptime_reads_it(text: str) -> None:
    """The fast path for LimeSurvey's own format accepts and refuses what strptime does, same value."""
    try:
        expected: object = dt.datetime.strptime(text, DATE_FORMAT)
    except ValueError:
        expected = ValueError
    try:
        got: object = parse_date(text)
    except ValueError:
        got = ValueError
    assert got == expected


def test_a_row_with_id_candidature_never_goes_to_the_candidate() -> None:
    latest = select_latest([{**ROW, "idCandidature": "5"}])
    assert latest.candidats == {}
    assert list(latest.candidatures) == [5]


def test_the_latest_response_of_a_dossier_is_dropped_when_it_belongs_to_a_candidature() -> None:
    """eCandidat takes, per dossier, the latest of all its rows, then drops it if it carries an
    idCandidature: the older candidate-level answer is not used."""
    rows = [
        {**ROW, "id": 1, "submitdate": "2022-01-04 10:00:00", "Q1": "candidat"},
        {**ROW, "id": 2, "submitdate": "2022-01-05 10:00:00", "idCandidature": "7", "Q1": "candidature"},
        {**ROW, "id": 3, "numDossier": "AUTRE001", "submitdate": "2022-01-05 10:00:00", "Q1": "autre"},
        {**ROW, "id": 4, "numDossier": "AUTRE001", "submitdate": "2022-01-04 10:00:00", "idCandidature": "8"},
    ]
    latest = select_latest(rows)
    assert sorted(latest.candidatures) == [7, 8]
    assert list(latest.candidats) == ["AUTRE001"], "its latest response carries no idCandidature"
    assert latest.candidats["AUTRE001"][1] == "Q1 : autre{;}Q2[SQ001] : null{;}Q3 : Parce que ; voilà{;}"
    assert latest.skipped == {"dossier dont la dernière réponse porte un idCandidature": 1}


def test_an_empty_id_candidature_is_ignored() -> None:
    latest = select_latest([{**ROW, "idCandidature": ""}])
    assert latest.candidats == {}
    assert latest.candidatures == {}
    assert latest.skipped == {"idCandidature vide": 1}
