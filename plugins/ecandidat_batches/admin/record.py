"""The takeover's record: the Airflow Variable ``ecandidat_batches_takeover``, one entry per batch.

Written by the takeover (:mod:`.takeover`) when it takes a batch over, with eCandidat's rows as they
were then; marked "rendu" by the return (:mod:`.handback`), which writes those rows back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecandidat_batches.clock import in_paris

#: The Airflow Variable recording the batches taken over (see :class:`Entry`).
VARIABLE = "ecandidat_batches_takeover"
DESCRIPTION = "Batches repris d'eCandidat : date, état d'eCandidat avant la reprise (pour le rendre)"


class TakeoverRefusedError(RuntimeError):
    """The takeover (or its reverse) cannot be done as asked; nothing was changed. French message."""


@dataclass(frozen=True)
class Entry:
    """One batch in the takeover's record.

    :param reprise: when it was taken over (ISO, UTC).
    :param ecandidat: its rows in eCandidat's table then, by eCandidat's code
        (:func:`.batch_table.columns_of`); None for a takeover by an earlier version of this package,
        which did not record them.
    :param ici: its programmation (French) and "en service" here then.
    :param rendu: when it was given back to eCandidat (None: Airflow runs it).
    """

    reprise: str
    ecandidat: Mapping[str, Mapping[str, Any]] | None = None
    ici: Mapping[str, Any] | None = None
    rendu: str | None = None

    @property
    def active(self) -> bool:
        return self.rendu is None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


def parse_record(raw: str | None) -> dict[str, Entry]:
    """The Variable's value (absent: nothing taken over yet).

    :raises TakeoverRefusedError: the value is not the record's JSON (edited by hand): nothing is
        written over it.
    """
    if not raw:
        return {}
    try:
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError("objet JSON attendu")
        return {
            str(code): Entry(reprise=item) if isinstance(item, str) else Entry(**item)
            for code, item in value.items()
        }
    except (ValueError, TypeError, RecursionError) as exc:
        raise TakeoverRefusedError(
            f"Rien n'a été modifié : la variable {VARIABLE} est illisible ({str(exc)[:120]}) ; "
            f"corrigez-la ou supprimez-la (airflow variables delete {VARIABLE}) si aucun batch n'a "
            "été repris."
        ) from None


def dump_record(record: Mapping[str, Entry]) -> str:
    return json.dumps({code: e.as_json() for code, e in sorted(record.items())}, ensure_ascii=False)


def when(iso: str) -> str:
    """A recorded date as Paris reads it."""
    try:
        return in_paris(dt.datetime.fromisoformat(iso), "%d/%m/%Y à %H:%M")
    except ValueError:
        return iso[:40]
