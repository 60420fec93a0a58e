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

eCandidat reloads a table's cache after each step and asks its candidat nodes to reload it too
(``SiScolController``: 17 caches, ``load_balancing_reload``). Here a step that changed rows writes
that request in the transaction of its merge, so that rows committed never go without it (a run
killed after a step, or a failed step after it, still leaves the request of what was written), and
a step that changed nothing requests nothing. The report task, once, waits for the live candidat
nodes to poll past every request and says which did (:mod:`ecandidat_batches.db.nodes`): one wait
for the run, not one per step. A dry run requests nothing and says what would be.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import Any

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import nodes
from ecandidat_batches.jobs import Job
from ecandidat_batches.siscol import merge
from ecandidat_batches.siscol.sources import LIBELLES, NoSource, Source, normalised
from ecandidat_batches.siscol.steps import STEPS, get_step, upstream
from ecandidat_batches.summary import BatchFailedError, Summary

log = logging.getLogger(__name__)

#: The key of a step's summary (its task's XCom) that holds the reload it requested.
RELOAD_KEY = "rechargement"

#: The eCandidat tables the batch writes (its grants) and reads (the references' tables are among them).
TABLES = tuple(sorted({step.table for step in STEPS}))


class SiscolFailedError(BatchFailedError):
    """A step failed: the message names it, its cause, and the steps that could not run after it."""


class StepSummary(Summary):
    """A step's summary, with the reload it requested from eCandidat's nodes (its task hands it to
    the report, which waits for them): ``reload`` is None when the step changed nothing."""

    reload: nodes.ReloadRequest | None = None

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        if self.reload is not None:
            out[RELOAD_KEY] = self.reload.as_dict()
        return out


def required_columns(name: str) -> dict[str, tuple[str, ...]]:
    """The tables and columns a step writes and reads, checked before it runs."""
    step = get_step(name)
    wanted: dict[str, tuple[str, ...]] = {step.table: step.all_columns}
    for ref in step.references:
        wanted[ref.table] = (*wanted.get(ref.table, ()), *ref.to, "typ_siscol")
    return wanted


def run_step(
    conn: Any,
    step: str,
    source: Source,
    *,
    typ_siscol: str,
    code: str = "BATCH_SYNCHRO_SISCOL",
    dry_run: bool = False,
    clock: Callable[[], Any] | None = None,
) -> Summary:
    """Synchronise one step from ``source``; its summary: one line (what it did, or why it did nothing)
    and its counters, and the reload of eCandidat's cache it requested in the merge's transaction
    when it changed rows (in a dry run, the one it would request: nothing is written)."""
    spec = get_step(step)
    summary = StepSummary(code, dry_run=dry_run, **({"clock": clock} if clock else {}))
    log.info("Lancement synchronisation %s (%s -> %s)", spec.label, source.libelle, spec.table)
    rows = None if isinstance(source, NoSource) else source.rows(spec)
    if rows is None:
        why = (
            "aucun SI Scolarité configuré"
            if isinstance(source, NoSource)
            else f"non fournie par {source.libelle}"
        )
        summary.add(f"Synchronisation {spec.label} : {why}, table inchangée")
        return summary
    cache = spec.cache

    def request_reload(cur: Any, _result: merge.StepResult) -> None:
        now = wall_clock((clock or paris_now)())
        if dry_run:  # the checks only, to say which nodes a real run would wait for
            summary.reload = nodes.ReloadRequest((str(cache),), now, nodes.node_checks(cur))
        else:
            summary.reload = nodes.request_reload(cur, str(cache), now)

    result = merge.sync_step(
        conn, spec, normalised(spec, rows, typ_siscol, clock), dry_run=dry_run, typ_siscol=typ_siscol,
        on_change=request_reload if cache else None,
    )  # fmt: skip
    line = f"Synchronisation {spec.label} : {result.line()}"
    if summary.reload is not None:
        line += f" ; rechargement « {cache} » {'qui serait demandé' if dry_run else 'demandé'} à eCandidat"
    summary.add(line)
    for key, value in result.counts().items():
        summary.count(key, value)
    for reason, skipped in sorted(result.ignores.items()):
        summary.count(f"ignores ({reason})", skipped)
    return summary


def step_job(step: str) -> Job:
    """The job of one step's task: :func:`run_step` with the tables and columns it needs."""
    return dataclasses.replace(STEP_JOB, columns=required_columns(step)).with_options(step=step)


def report(
    steps: Mapping[str, Summary | None],
    errors: Mapping[str, str | None],
    *,
    typ_siscol: str,
    conn: Any = None,
    reloads: Mapping[str, nodes.ReloadRequest] | None = None,
    code: str = "BATCH_SYNCHRO_SISCOL",
    dry_run: bool = False,
    clock: Callable[[], Any] | None = None,
) -> Summary:
    """The run's summary from each step's summary (None: it did not run) or error, in eCandidat's order;
    then, when steps requested reloads (``reloads``, by step), which of eCandidat's candidat nodes took
    them (it waits for them on ``conn``; a dry run says which it would wait for).

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
        done, error = steps.get(step.name), errors.get(step.name)
        if error:
            failed[step.label] = error
            summary.add(f"Synchronisation {step.label} : en échec : {error}")
        elif done is None:
            blocking = [get_step(u).label for u in upstream(step) if errors.get(u) or steps.get(u) is None]
            not_run.append(step.label)
            summary.add(
                f"Synchronisation {step.label} : non exécutée"
                + (f" (dépend de {', '.join(blocking)})" if blocking else "")
            )
        else:  # its lines as the step wrote them, at its own time
            summary.lignes += done.lignes
            for key in totals:
                totals[key] += done.compteurs.get(key, 0)
    for key, value in totals.items():
        summary.count(key, value)
    summary.count("etapes_en_echec", len(failed))
    reloads = reloads or {}
    request = nodes.combined(reloads[step.name] for step in STEPS if step.name in reloads)
    if request is not None:  # the steps' requests are committed (or, in a dry run, not written)
        if dry_run:
            nodes.forecast(request, summary)
        else:
            nodes.report(conn, request, summary)
    if failed or not_run:
        causes = " ; ".join(f"{label} : {error}" for label, error in failed.items())
        raise SiscolFailedError(
            f"Synchronisation SI Scolarité incomplète : {len(failed)} étape(s) en échec ({causes})"
            + (f", {len(not_run)} non exécutée(s) ({', '.join(not_run)})" if not_run else ""),
            summary,
        )
    summary.add("Fin du batch siScol")
    return summary


#: One step's task (:func:`step_job` gives it its step); the report is the batch's own job.
STEP_JOB = Job(run=run_step, sql=(*merge.SQL, *nodes.SQL), tables=TABLES, resources=("conn", "source"))
JOB = Job(run=report, sql=(*merge.SQL, *nodes.SQL), tables=TABLES, resources=("conn",))
