"""Admin edits of the programmation, stored in one Airflow Variable and read once per DAG file parse.

The Variable ``ecandidat_batches_programmations`` holds a JSON object ``{code: programmation}`` with the
fields of :meth:`Programmation.to_dict`. Only batches whose schedule differs from the registry's
default appear in it. This module only reads it; writing lives on the admin side
(:mod:`ecandidat_batches.admin.programmations`), which refuses a bad value with a message naming the
batch and the field. A bad value that got there anyway (edited by hand through the
Variables page or the CLI) never breaks a DAG: that batch keeps its default and the DAG's description
and documentation say why, where an admin sees it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ecandidat_batches.programmation import Programmation, ProgrammationError
from ecandidat_batches.registry import BATCHES, get_batch

VARIABLE_KEY = "ecandidat_batches_programmations"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Effective:
    """The programmation a DAG uses, and why it is not the stored one when that one is unusable."""

    programmation: Programmation
    overridden: bool
    probleme: str | None = None


def read_variable() -> str | None:
    """The Variable through the Task SDK, as the DAG processor and tasks read it (None when unset).

    Writing belongs to the admin side (:mod:`ecandidat_batches.admin.programmations`): the SDK cannot
    write a Variable outside a task.
    """
    from airflow.sdk import Variable

    value = Variable.get(VARIABLE_KEY, default=None)
    return None if value is None else str(value)


def parse_overrides(raw: str | None) -> tuple[dict[str, Programmation], dict[str, str]]:
    """Parse the stored JSON; return the valid overrides and, per batch code, the problem of the others.

    A problem that concerns the whole value (not JSON, not an object) is reported under the key ``"*"``.
    """
    if raw is None or not raw.strip():
        return {}, {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return {}, {"*": f"la variable {VARIABLE_KEY} n'est pas du JSON valide ({exc})"}
    if not isinstance(data, Mapping):
        return {}, {"*": f"la variable {VARIABLE_KEY} doit contenir un objet {{code: programmation}}"}
    valid: dict[str, Programmation] = {}
    problems: dict[str, str] = {}
    for code, value in data.items():
        if code not in BATCHES:
            problems[code] = f"{code} : batch inconnu"
            continue
        try:
            valid[code] = Programmation.from_dict(value)
        except ProgrammationError as exc:
            problems[code] = str(exc.for_batch(code))
        except (TypeError, ValueError) as exc:
            problems[code] = f"{code} : programmation illisible ({exc})"
    return valid, problems


def effective_programmation(code: str, read: Callable[[], str | None] | None = None) -> Effective:
    """Return the programmation the DAG of ``code`` must use; never raises for a bad stored value."""
    default = get_batch(code).programmation
    try:
        raw = (read or read_variable)()
    except Exception as exc:  # the DAG must still parse when the store is unreachable
        log.warning("Cannot read %s, %s keeps its default programmation: %s", VARIABLE_KEY, code, exc)
        return Effective(default, overridden=False, probleme=f"programmation enregistrée illisible ({exc})")
    valid, problems = parse_overrides(raw)
    problem = problems.get(code) or problems.get("*")
    if problem:
        log.warning("%s keeps its default programmation: %s", code, problem)
        return Effective(default, overridden=False, probleme=problem)
    if code in valid:
        return Effective(valid[code], overridden=True)
    return Effective(default, overridden=False)
