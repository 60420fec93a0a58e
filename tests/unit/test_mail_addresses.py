"""The addresses the candidature mails go to: those eCandidat's REGEX_MAIL accepts, matched as Java's
``String.matches`` does (the whole value, ``\\w`` ASCII); the others are left out and named."""

from __future__ import annotations

import pytest

from ecandidat_batches.mails.candidature import valid_addresses


@pytest.mark.parametrize(
    "address",
    [
        "lea.martin@example.org",
        "o'brien+ecandidat@univ-lorraine.fr",
        "A_B-C@Sub.Example.MUSEUM",  # six letters: the longest top-level domain it takes
        "x{y}|z~@example.fr",
    ],
)
def test_addresses_ecandidat_sends_to(address: str) -> None:
    rejected: list[str] = []
    assert valid_addresses([address], rejected) == (address,)
    assert rejected == []


@pytest.mark.parametrize(
    "address",
    [
        "léa@example.org",  # an accent (Java's \w is ASCII)
        "lea@université.fr",  # an accented domain
        "lea martin@example.org",  # a space
        " lea@example.org",  # a leading space (the value as stored, as eCandidat matches it)
        "lea@example.org\n",  # a line break after it ($ alone would let it through)
        "lea@example.education",  # a top-level domain over six letters
        "lea@localhost",  # no top-level domain
        "lea@example.o",  # one letter
        "lea..martin@example.org",  # two dots
        "lea@exa_mple.org",  # an underscore in the domain
        "<lea@example.org>",
    ],
)
def test_addresses_ecandidat_rejects_are_left_out_and_recorded(address: str) -> None:
    rejected: list[str] = []
    assert valid_addresses([address, None, "", "ok@example.org"], rejected) == ("ok@example.org",)
    assert rejected == [address], "named, the empty ones aside"
