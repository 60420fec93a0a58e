"""eCandidat's version from Flyway's history: the order of versions, and which task of a run says it."""

from __future__ import annotations

import pytest

from ecandidat_batches.db.ecandidat_version import KNOWN, Newer, version_key


@pytest.mark.parametrize(
    ("newer", "older"),
    [
        ("2.5.00.00", KNOWN),
        ("2.4.07", KNOWN),
        ("2.4.10.00", "2.4.9"),
        ("2.4.06.01", "2.4.06.00"),
        ("3", "2.99"),
    ],
)
def test_versions_compare_as_flyway_does(newer: str, older: str) -> None:
    assert version_key(newer) > version_key(older)  # type: ignore[operator]


def test_trailing_zeros_and_leading_zeros_do_not_count() -> None:
    assert version_key("2.4.06.00") == version_key("2.4.6") == version_key("2_4_6_0")


@pytest.mark.parametrize("text", ["", "2.4.a", "9" * 40, "2..4"])
def test_what_is_no_version_is_none(text: str) -> None:
    assert version_key(text) is None


def test_the_warning_names_both_versions_in_french() -> None:
    assert Newer("2.5.00.00", "Configuration").message() == (
        "⚠ eCandidat est en version 2.5.00.00 (migration « Configuration » de sa table schema_version), plus "
        "récente que la dernière que ce paquet connaît (2.4.06.00) : les batches continuent tant que les "
        "tables et colonnes qu'ils utilisent sont là ; vérifiez qu'une version du paquet suit cette version "
        "d'eCandidat."
    )


def test_only_the_first_task_of_a_run_says_it() -> None:
    """One line per run's summary: a batch with a mail task, or the SI Scolarité's steps, says it once."""
    from airflow.sdk import DAG

    from ecandidat_batches.operators.base import BatchOperator

    with DAG("BATCH_DESIST_AUTO", schedule=None) as dag:
        first = BatchOperator(task_id="desister")
        second = BatchOperator(task_id="mails")
        first >> second
    assert first._first_of_run({"dag": dag})
    assert not second._first_of_run({"dag": dag})
