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

from ecandidat_batches.schedule.programmation import Programmation, ProgrammationError
from ecandidat_batches.schedule.registry import BATCHES, get_batch

VARIABLE_KEY = "ecandidat_batches_programmations"
#: Bounds of what is read: sixteen programmations take about 2 KB and three levels of nesting
#: (``{code: {field: [day]}}``); anything far beyond is a mistake, refused before it is parsed further.
MAX_BYTES = 64 * 1024
MAX_DEPTH = 4
#: A problem is shown in the DAG's description and on the page: long values are cut.
_MAX_PROBLEM = 300

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

    Never raises, whatever was stored: a problem that concerns the whole value (too big, too deep,
    not JSON, not an object) is reported under the key ``"*"``; each message is at most a few hundred
    characters.
    """
    if raw is None or not raw.strip():
        return {}, {}
    if len(raw) > MAX_BYTES:
        return {}, {
            "*": f"la variable {VARIABLE_KEY} est trop volumineuse "
            f"({len(raw)} caractères, {MAX_BYTES} au plus)"
        }
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return {}, {"*": _cut(f"la variable {VARIABLE_KEY} n'est pas du JSON valide ({exc})")}
    if _depth(data) > MAX_DEPTH:
        return {}, {"*": f"la variable {VARIABLE_KEY} est trop imbriquée ({MAX_DEPTH} niveaux au plus)"}
    if not isinstance(data, Mapping):
        return {}, {"*": f"la variable {VARIABLE_KEY} doit contenir un objet {{code: programmation}}"}
    valid: dict[str, Programmation] = {}
    problems: dict[str, str] = {}
    for code, value in data.items():
        if code not in BATCHES:
            problems[_cut(code, 60)] = _cut(f"{code} : batch inconnu")
            continue
        try:
            valid[code] = Programmation.from_dict(value)
        except ProgrammationError as exc:
            problems[code] = _cut(str(exc.for_batch(code)))
        except Exception as exc:  # anything else a hand-written value can trigger
            problems[code] = _cut(f"{code} : programmation illisible ({type(exc).__name__}: {exc})")
    return valid, problems


def _cut(text: str, size: int = _MAX_PROBLEM) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _depth(value: object) -> int:
    """How deeply ``value`` nests lists and objects (iteratively: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def effective_programmation(code: str, read: Callable[[], str | None] | None = None) -> Effective:
    """Return the programmation the DAG of ``code`` must use; never raises for a bad stored value."""
    default = get_batch(code).programmation
    try:
        raw = (read or read_variable)()
    except Exception as exc:  # the DAG must still parse when the store is unreachable
        log.warning("Cannot read %s, %s keeps its default programmation: %s", VARIABLE_KEY, code, exc)
        unreadable = _cut(f"programmation enregistrée illisible ({exc})")
        return Effective(default, overridden=False, probleme=unreadable)
    valid, problems = parse_overrides(raw)
    problem = problems.get(code) or problems.get("*")
    if problem:
        log.warning("%s keeps its default programmation: %s", code, problem)
        return Effective(default, overridden=False, probleme=problem)
    if code in valid:
        return Effective(valid[code], overridden=True)
    return Effective(default, overridden=False)
