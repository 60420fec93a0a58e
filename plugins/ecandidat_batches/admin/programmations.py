"""Writing the admins' programmations: validation, then the override Variable.

Parsing reads the Variable (:mod:`ecandidat_batches.schedule.overrides`); writing belongs here, on the admin
side, and happens in one place: the page's actions on the API server (``admin/actions.py``), under the
Variable's row lock. The CLI writes through the page's API route (``PUT
/batches/api/programmations/{code}``), so that an edit from the page and two from the CLI at the same
time all survive (a read-modify-write through Airflow's Variables API could lose one).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from ecandidat_batches.schedule.overrides import VARIABLE_KEY, parse_overrides
from ecandidat_batches.schedule.programmation import Programmation, ProgrammationError
from ecandidat_batches.schedule.registry import get_batch

DESCRIPTION = "Programmations des batches eCandidat modifiées par un administrateur"


class Store(Protocol):
    """Where the overrides live: the Airflow Variable (through the API or the ORM), a dict in tests."""

    def read(self) -> str | None: ...

    def write(self, value: str) -> None: ...


def set_programmation(code: str, value: Programmation | Mapping[str, Any], store: Store) -> None:
    """Validate and store an admin's programmation for one batch (effective at the next parse).

    :raises ProgrammationError: the value is invalid; the message names the batch and the field.
    :raises KeyError: unknown batch code.
    """
    batch = get_batch(code)
    try:
        prog = value if isinstance(value, Programmation) else Programmation.from_dict(value)
    except ProgrammationError as exc:
        raise exc.for_batch(code) from None
    valid, problems = parse_overrides(store.read())  # a batch's unreadable entry is replaced
    if "*" in problems:  # the whole value: nothing is written over what an admin may want to repair
        raise ProgrammationError(
            "programmation",
            f"la valeur enregistrée est illisible ({problems['*']}) ; corrigez-la ou supprimez-la "
            f"(airflow variables delete {VARIABLE_KEY}) avant de modifier une programmation",
            code,
        )
    if prog == batch.programmation:
        valid.pop(code, None)
    else:
        valid[code] = prog
    store.write(json.dumps({c: p.to_dict() for c, p in sorted(valid.items())}, ensure_ascii=False))
