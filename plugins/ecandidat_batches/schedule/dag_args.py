"""``batch_dag_args(code)``: every argument the DAG of a batch shares with the others, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from airflow.sdk import Param

from ecandidat_batches import settings
from ecandidat_batches.mails.notifier import BatchFailureNotifier
from ecandidat_batches.schedule.overrides import effective_programmation
from ecandidat_batches.schedule.registry import get_batch

TAGS = ["ecandidat", "batch"]


def dry_run_param() -> Param:
    """The "Simulation" param of the batches that declare ``dry_run`` in the registry."""
    return Param(
        False,
        type="boolean",
        title="Simulation",
        description="Exécuter sans rien enregistrer ni supprimer, et rapporter ce qu'une exécution ferait",
    )


def _code(text: str) -> str:
    """Text that came from a stored value, as a Markdown code span: never rendered as a link or image."""
    flat = " ".join(text.replace("`", "'").split())
    return f"`{flat}`"


def batch_dag_args(
    code: str, *, doc_md: str | None = None, params: Mapping[str, Param] | None = None
) -> dict[str, Any]:
    """Return the keyword arguments of ``@dag`` for the batch ``code``.

    The schedule is the admin's stored programmation when valid, else the registry's default; this
    reads one Airflow Variable per parse and never raises for a bad stored value (it says so in the
    DAG's description and documentation instead).

    :param doc_md: the DAG file's docstring: what the batch does and which parameters it reads.
    :param params: the batch's own params, beside ``dry_run`` (which the registry declares).
    """
    batch = get_batch(code)
    effective = effective_programmation(code)
    prog = effective.programmation
    description = f"Programmation : {prog.libelle()}"
    notes = [
        f"**Programmation** : {prog.libelle()}"
        + (" (modifiée par un administrateur)" if effective.overridden else "")
    ]
    if effective.probleme:
        description += " ⚠ programmation enregistrée invalide, valeur par défaut appliquée"
        notes.append(
            f"⚠ **Programmation enregistrée invalide** : {_code(effective.probleme)}. "
            "Valeur par défaut appliquée."
        )
    if batch.parametres:
        notes.append("**Paramètres eCandidat lus** : " + ", ".join(f"`{p}`" for p in batch.parametres))
    tolerance = dt.timedelta(minutes=settings.missed_slot_tolerance_minutes())
    return {
        "dag_id": batch.code,
        "dag_display_name": batch.libelle,
        "description": description,
        "doc_md": "\n\n".join([*([doc_md.strip()] if doc_md else []), *notes]),
        "schedule": prog.timetable(tolerance),
        "end_date": prog.end_date(),
        "catchup": False,
        "is_paused_upon_creation": not batch.en_service,
        "max_active_runs": 1,
        "dagrun_timeout": batch.timeout,
        "params": {**({"dry_run": dry_run_param()} if batch.dry_run else {}), **(params or {})},
        "on_failure_callback": BatchFailureNotifier(),
        "tags": TAGS,
        "default_args": {"owner": "ecandidat", "retries": 0},
    }
