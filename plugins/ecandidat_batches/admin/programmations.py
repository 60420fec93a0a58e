"""Writing the admins' programmations: validation, then the override Variable.

Parsing reads the Variable (:mod:`ecandidat_batches.overrides`); writing belongs here, on the admin
side. Two stores hold it: :class:`ApiVariableStore` through the REST API v2 (the CLI, any host; the
Task SDK's ``Variable.set`` only works inside a task) and the page's ORM store on the API server
(``admin/actions.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote

from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.overrides import VARIABLE_KEY, parse_overrides
from ecandidat_batches.programmation import Programmation, ProgrammationError
from ecandidat_batches.registry import get_batch

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
    valid, _problems = parse_overrides(store.read())  # unreadable entries are replaced, not kept
    if prog == batch.programmation:
        valid.pop(code, None)
    else:
        valid[code] = prog
    store.write(json.dumps({c: p.to_dict() for c, p in sorted(valid.items())}, ensure_ascii=False))


class ApiVariableStore:
    """Read and write ``ecandidat_batches_programmations`` through ``/api/v2/variables``."""

    def __init__(self, hook: AirflowApiHook | None = None) -> None:
        self.hook = hook or AirflowApiHook()
        self.path = f"/variables/{quote(VARIABLE_KEY)}"

    def read(self) -> str | None:
        response = self.hook.api("GET", self.path, ok=(200, 404))
        return None if response.status_code == 404 else response.json()["value"]

    def write(self, value: str) -> None:
        body = {"key": VARIABLE_KEY, "value": value, "description": DESCRIPTION}
        if self.hook.api("PATCH", self.path, json=body, ok=(200, 404)).status_code == 404:
            self.hook.api("POST", "/variables", json=body, ok=(201,))
