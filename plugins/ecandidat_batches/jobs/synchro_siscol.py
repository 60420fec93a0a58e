"""BATCH_SYNCHRO_SISCOL: one step of the SI Scolarité synchronisation, and the run's report.

Each step (:mod:`ecandidat_batches.siscol.steps`) is a task of its own
(:class:`~ecandidat_batches.operators.siscol.SiscolStepOperator`): :func:`run_step` reads its rows
from the configured SI and merges them. :func:`report`, the last task, gathers the steps' outcomes
into the run's French summary and fails the run, naming every failed step and its cause, and the
steps that did not run because they depend on it.

Where eCandidat differs (and why): a failing step no longer stops the independent steps after it;
rows that point to an unknown row (a commune, a centre de gestion...) or lack a required value are
skipped and counted instead of failing the step or being lost in a log; an unchanged row is not
rewritten; the version row changes only when the SI's version does (``dat_version`` is then the date
it was first seen, where eCandidat rewrote it at every run: the date of the last synchronisation is
the run's, in Airflow).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from ecandidat_batches.siscol import merge
from ecandidat_batches.siscol.sources import LIBELLES, NoSource, Source, normalised
from ecandidat_batches.siscol.steps import STEPS, get_step, upstream
from ecandidat_batches.summary import Summary

log = logging.getLogger(__name__)

#: The eCandidat tables the batch writes (its grants) and reads (the references' tables are among them).
TABLES = tuple(sorted({step.table for step in STEPS}))


class SiscolFailedError(RuntimeError):
    """A step failed: the message names it, its cause, and the steps that could not run after it."""


def required_columns(name: str) -> dict[str, tuple[str, ...]]:
    """The tables and columns a step writes and reads, checked before it runs."""
    step = get_step(name)
    wanted: dict[str, tuple[str, ...]] = {step.table: step.all_columns}
    for ref in step.references:
        wanted[ref.table] = (*wanted.get(ref.table, ()), *ref.to, "typ_siscol")
    return wanted


def run_step(conn: Any, name: str, source: Source, *, typ_siscol: str, dry_run: bool = False,
             clock: Callable[[], Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Synchronise one step from ``source``; its outcome (counts, or why it was skipped) as a dict."""
    step = get_step(name)
    log.info("Lancement synchronisation %s (%s -> %s)", step.label, source.libelle, step.table)
    if isinstance(source, NoSource):
        return {"etape": name, "ignoree": "aucun SI Scolarité configuré"}
    rows = source.rows(step)
    if rows is None:
        return {"etape": name, "ignoree": f"non fournie par {source.libelle}"}
    result = merge.sync_step(
        conn, step, normalised(step, rows, typ_siscol, clock), dry_run=dry_run, typ_siscol=typ_siscol
    )
    log.info("Synchronisation %s : %s", step.label, result.line())
    return {"etape": name, "ligne": result.line(), **result.as_dict()}


def report(
    outcomes: Mapping[str, Mapping[str, Any] | None],
    errors: Mapping[str, str | None],
    *,
    typ_siscol: str,
    code: str = "BATCH_SYNCHRO_SISCOL",
    dry_run: bool = False,
    clock: Callable[[], Any] | None = None,
) -> Summary:
    """The run's summary from each step's outcome (its return value) or error.

    :raises SiscolFailedError: a step failed or did not run; the message holds the whole summary.
    """
    summary = Summary(code, dry_run=dry_run, **({"clock": clock} if clock else {}))
    summary.add(f"Lancement du batch siScol ({LIBELLES.get(typ_siscol, typ_siscol)})")
    if typ_siscol == "D":
        summary.add("Aucun SI Scolarité configuré ([ecandidat] siscol_type = D) : rien n'est synchronisé")
        summary.add("Fin du batch siScol")
        return summary
    totals = {"lus": 0, "inseres": 0, "mis_a_jour": 0, "inchanges": 0, "ignores": 0}
    failed: dict[str, str] = {}
    not_run: list[str] = []
    for step in STEPS:
        outcome, error = outcomes.get(step.name), errors.get(step.name)
        if error:
            failed[step.label] = error
            summary.add(f"Synchronisation {step.label} : en échec : {error}")
        elif outcome is None:
            blocking = [get_step(u).label for u in upstream(step) if errors.get(u) or outcomes.get(u) is None]
            not_run.append(step.label)
            summary.add(
                f"Synchronisation {step.label} : non exécutée"
                + (f" (dépend de {', '.join(blocking)})" if blocking else "")
            )
        elif outcome.get("ignoree"):
            summary.add(f"Synchronisation {step.label} : {outcome['ignoree']}, table inchangée")
        else:
            summary.add(f"Synchronisation {step.label} : {outcome['ligne']}")
            for key in totals:
                value = outcome.get(key, 0)
                totals[key] += sum(value.values()) if isinstance(value, dict) else int(value)
    for key, value in totals.items():
        summary.count(key, value)
    summary.count("etapes_en_echec", len(failed))
    if failed or not_run:
        causes = " ; ".join(f"{label} : {error}" for label, error in failed.items())
        raise SiscolFailedError(
            f"Synchronisation SI Scolarité incomplète : {len(failed)} étape(s) en échec ({causes})"
            + (f", {len(not_run)} non exécutée(s) ({', '.join(not_run)})" if not_run else "")
            + ". Résumé : "
            + " | ".join(summary.lignes)
        )
    summary.add("Fin du batch siScol")
    return summary
