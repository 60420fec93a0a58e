"""What BATCH_ASYNC_OPI does with each candidate, whichever the SI: the OPIs to stamp, or why none is;
and the stamps of a chunk, committed together with the pieces they owe BATCH_ASYNC_OPI_PJ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.transactions import Db

#: The SQL files this module runs (a job that uses it declares them too).
SQL = ("opi/stamp.sql", "opi_pj/create.sql")

#: A chunk: each candidate's row with its OPIs.
Chunk = list[tuple[dict[str, Any], list[dict[str, Any]]]]


class OpiService(Protocol):
    """What the batch needs of OpiMetier (:class:`~ecandidat_batches.hooks.opi_metier.OpiMetierHook`)."""

    def mettre_a_jour_donnees_opi(self, donnees: dict[str, Any]) -> None: ...


class Stamp(NamedTuple):
    """An OPI to mark passed, with the code the SI knows it by, if its ``dat_passage_opi`` is still
    ``seen`` (None: pending): one the candidate withdrew meanwhile (eCandidat resets the date) is left."""

    id_cand: int
    cod_opi: str | None
    seen: dt.datetime | None = None


@dataclass
class Outcome:
    """One candidate's result: what to stamp, or why nothing is."""

    candidat: Mapping[str, Any]
    stamps: list[Stamp] = field(default_factory=list)
    error: str | None = None
    unreachable: bool = False
    new_code: str | None = None  # Apogée kept another code: the candidate is owed a mail
    formations: list[str] = field(default_factory=list)
    announced: bool = False  # that mail is in the journal, for the DAG's mail task
    individu: tuple[Any, str] | None = None  # Apogée's (COD_IND_OPI, COD_OPI_INT_EPO), once verified
    passed: list[int] = field(default_factory=list)  # the OPIs verified in VOEUX_INS (not withdrawals)


def stamp(
    conn: Any, stamps: Sequence[Stamp], now: dt.datetime, pieces: Sequence[dict[str, Any]] = ()
) -> None:
    """Mark these OPIs passed, and record their pieces for BATCH_ASYNC_OPI_PJ, in one transaction."""
    if not stamps:
        return
    rows = [s._asdict() | {"now": now, "was_pending": s.seen is None} for s in stamps]
    with Db(conn).transaction() as cur:
        sqlfiles.execute_many(cur, "opi/stamp.sql", rows)
        sqlfiles.execute_many(cur, "opi_pj/create.sql", pieces)


def pieces(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    """The OPIs passed in this chunk whose pieces go to Apogée (eCandidat's traiteListOpiPjCandidat)."""
    return [
        {
            "id_cand": id_cand,
            "cod_opi": o.individu[1],
            "existing": o.individu[1],
            "cod_ind_opi": str(o.individu[0]),
        }
        for o in outcomes
        if o.individu is not None
        for id_cand in o.passed
    ]
