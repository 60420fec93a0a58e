"""BATCH_SYNC_LIMESURVEY ("Synchronisation des formulaires Limesurvey").

For each active form's survey (distinct ``formulaire.id_formulaire_limesurvey`` with ``tes_formulaire``):
export the complete responses (json, question codes, long answers), keep the latest ``submitdate``
per key, and upsert them in bulk:

* per dossier number, the latest of all its rows goes to ``formulaire_candidat`` when it carries no
  ``idCandidature``, matched on the dossier number within the active campaign (the one of the
  configured SI, ``[ecandidat] siscol_type``), as eCandidat does;
* rows whose ``idCandidature`` is an integer go to ``formulaire_candidature``, matched on ``id_cand``;

a row is inserted when new and updated only when strictly newer. The stored text is eCandidat's
``key : value{;}`` for each field left after removing the fixed ones, in export order (``null`` for a
null value; NULL when nothing is left).

Bad rows never stop the batch: an unknown dossier, an empty or non-numeric ``idCandidature``, a bad
date, a response without ``submitdate`` are skipped and counted with the reason (eCandidat stores a
bad date as "now", which then looks newer at every run). A survey without any response is normal. A
session key that expires during a long run is renewed once. A survey that fails, or whose export
cannot be decoded (base64 or JSON), is reported with its reason and the others still sync; the run
then fails at the end so that an admin notices (eCandidat ends FINISH and hides it).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ecandidat_batches import settings
from ecandidat_batches.clock import PARIS, paris_now
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.jobs import Job
from ecandidat_batches.limesurvey.answers import DATE_FORMAT, Latest, decode_export, select_latest
from ecandidat_batches.summary import BatchFailedError, Summary

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook

T = TypeVar("T")


class SurveysFailedError(BatchFailedError):
    """One or more surveys could not be synchronised; the others were."""


def _upsert(
    cur: Cursor, name: str, answers: dict[Any, tuple[dt.datetime, str | None]], **params: Any
) -> Counter[str]:
    """Bulk-upsert one kind of answer: keys, dates and texts travel as one JSON document
    ``[[key, date, text], ...]`` (encoded in C, where bound arrays were written out element by
    element in Python: a third of a large survey's time on PostgreSQL)."""
    params["rows"] = json.dumps(
        [[key, when.strftime(DATE_FORMAT), text] for key, (when, text) in answers.items()],
        ensure_ascii=False,
    )
    matched, inserted, updated = sqlfiles.execute(cur, name, params).fetchone()
    return Counter(
        inseres=inserted,
        mis_a_jour=updated,
        inchanges=matched - inserted - updated,
        inconnus=len(answers) - matched,
    )


def store(
    conn: Connection, survey_id: int, latest: Latest, *, id_camp: int | None, now: dt.datetime
) -> dict[str, int]:
    """Upsert one survey's latest answers in bulk (one transaction); return the counts."""
    counts: Counter[str] = Counter()
    with transaction(conn) as cur:
        if latest.candidats and id_camp is None:
            latest.skipped["aucune campagne active pour les numéros de dossier"] += len(latest.candidats)
        elif latest.candidats:
            done = _upsert(
                cur,
                "sync_limesurvey/upsert_candidat.sql",
                latest.candidats,
                id_camp=id_camp,
                survey_id=survey_id,
                now=now,
            )
            latest.skipped["numéro de dossier inconnu dans la campagne active"] += done.pop("inconnus")
            counts += done
        if latest.candidatures:
            done = _upsert(
                cur,
                "sync_limesurvey/upsert_candidature.sql",
                latest.candidatures,
                survey_id=survey_id,
                now=now,
            )
            latest.skipped["candidature inconnue"] += done.pop("inconnus")
            counts += done
    return dict(counts)


def run(
    conn: Connection,
    limesurvey: LimeSurveyHook,
    *,
    code: str,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Synchronise every active survey; raise :class:`SurveysFailedError` at the end if any failed."""
    summary = Summary(code, clock)
    now_paris = clock().astimezone(PARIS)
    surveys, id_camp = _active_forms(conn, now_paris.date())
    if not surveys:
        summary.add("Aucun formulaire LimeSurvey actif")
        return summary
    sync = _Sync(conn, summary, id_camp=id_camp, now=now_paris.replace(tzinfo=None))
    with _Session(limesurvey, surveys, summary) as session:
        for survey_id, outcome in session.exports(settings.limesurvey_parallel_exports(), _decoded):
            sync.survey(survey_id, outcome)
    sync.report(len(surveys))
    return summary


def _active_forms(conn: Connection, today: dt.date) -> tuple[list[int], int | None]:
    """The surveys of the active forms, and the active campaign (None when there is none)."""
    with transaction(conn) as cur:
        surveys = [r[0] for r in sqlfiles.execute(cur, "sync_limesurvey/active_forms.sql").fetchall()]
        params = {"today": today, "typ_siscol": settings.siscol_type()}
        row = sqlfiles.execute(cur, "campagne/active.sql", params).fetchone()
    return surveys, (row[0] if row else None)


@dataclass(frozen=True)
class Decoded:
    """One survey's export, decoded: how many responses, and the ones to store."""

    rows: int
    latest: Latest


def _decoded(raw: bytes) -> Decoded:
    rows = decode_export(raw)
    return Decoded(len(rows), select_latest(rows))


class _Session:
    """One RemoteControl session for the run, renewed once when it expires, released at the end."""

    def __init__(self, hook: LimeSurveyHook, surveys: list[int], summary: Summary) -> None:
        self.hook, self.surveys, self.summary = hook, surveys, summary
        self.stack = contextlib.ExitStack()
        self.client: Any = None
        self.lock = threading.Lock()

    def __enter__(self) -> _Session:
        from ecandidat_batches.hooks.limesurvey import LimeSurveyError

        try:
            self.client = self.stack.enter_context(self.hook.client())
        except LimeSurveyError as exc:
            self.stack.close()
            raise SurveysFailedError(
                f"LimeSurvey : {exc} ; aucun des {len(self.surveys)} formulaire(s) n'a été synchronisé "
                f"({', '.join(map(str, self.surveys))})",
                self.summary,
            ) from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()

    def export(self, survey_id: int) -> bytes | None:
        """The survey's export; a session that expired meanwhile is renewed once (by one thread)."""
        from ecandidat_batches.hooks.limesurvey import SessionExpiredError

        client = self.client
        try:
            return self.hook.export_responses(client, survey_id)
        except SessionExpiredError:
            # A long run outlived its key: one new session, then this survey again.
            with self.lock:
                if self.client is client:
                    self.stack.close()
                    self.client = self.stack.enter_context(self.hook.client())
                client = self.client
            return self.hook.export_responses(client, survey_id)

    def exports(
        self, parallel: int, prepare: Callable[[bytes], T]
    ) -> Iterator[tuple[int, T | Exception | None]]:
        """Each survey's export, ``prepare``d (decoded) in the same thread, or why it failed; in order,
        with up to ``parallel`` in flight.

        LimeSurvey's time per export overlaps, and so does the decoding with the caller's writes;
        memory holds at most ``parallel`` exports. Once LimeSurvey does not answer, no further export
        is asked: the remaining surveys fail at once with that reason instead of one timeout each.
        """
        from ecandidat_batches.hooks.limesurvey import LimeSurveyError, LimeSurveyUnreachableError

        def export(survey_id: int) -> T | Exception | None:
            try:
                raw = self.export(survey_id)
                return None if raw is None else prepare(raw)
            except (LimeSurveyError, ValueError, UnicodeDecodeError) as exc:
                return exc

        pending: collections.deque[tuple[int, Future[T | Exception | None]]] = collections.deque()
        waiting = collections.deque(self.surveys)
        down: Exception | None = None
        with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="limesurvey") as pool:
            while pending or waiting:
                while waiting and len(pending) < max(1, parallel) and down is None:
                    survey_id = waiting.popleft()
                    pending.append((survey_id, pool.submit(export, survey_id)))
                if not pending:  # LimeSurvey is down: the rest is not attempted
                    survey_id = waiting.popleft()
                    yield survey_id, LimeSurveyUnreachableError(f"non tenté : {down}")
                    continue
                survey_id, future = pending.popleft()
                outcome = future.result()
                if isinstance(outcome, LimeSurveyUnreachableError) and down is None:
                    down = outcome
                yield survey_id, outcome


class _Sync:
    """The run's progress: each survey's outcome, the totals, the failures."""

    def __init__(self, conn: Connection, summary: Summary, *, id_camp: int | None, now: dt.datetime) -> None:
        self.conn, self.summary, self.id_camp, self.now = conn, summary, id_camp, now
        self.failed: dict[int, str] = {}
        self.totals: Counter[str] = Counter()

    def survey(self, survey_id: int, decoded: Decoded | Exception | None) -> None:
        """Store one survey's decoded export; an unreadable export or a failure is reported."""
        from ecandidat_batches.hooks.limesurvey import ExportUnreadableError, LimeSurveyError

        try:
            if isinstance(decoded, Exception):
                raise decoded
            if decoded is None:
                self.summary.add(f"Formulaire {survey_id} : aucune réponse pour l'instant")
                return
        except (ExportUnreadableError, ValueError, UnicodeDecodeError) as exc:
            # Nothing of this survey is stored; like a failed call, the run fails at the end.
            log.warning("Formulaire %s : export illisible : %s", survey_id, exc)
            self.totals["exports_illisibles"] += 1
            self.failed[survey_id] = "export illisible"
            self.summary.add(f"Formulaire {survey_id} : export illisible, rien n'est enregistré")
            return
        except LimeSurveyError as exc:
            self.failed[survey_id] = str(exc)
            self.summary.add(f"Formulaire {survey_id} : échec - {exc}")
            return
        latest = decoded.latest
        counts = store(self.conn, survey_id, latest, id_camp=self.id_camp, now=self.now)
        self.totals.update(counts)
        self.totals["ignores"] += sum(latest.skipped.values())
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(latest.skipped.items()) if n)
        self.summary.add(
            f"Formulaire {survey_id} : {decoded.rows} réponse(s), {counts.get('inseres', 0)} nouvelle(s), "
            f"{counts.get('mis_a_jour', 0)} mise(s) à jour, {counts.get('inchanges', 0)} inchangée(s)"
            + (f" ; ignorées : {reasons}" if reasons else "")
        )

    def report(self, surveys: int) -> None:
        """Count the outcome; raise :class:`SurveysFailedError` when a survey failed."""
        self.summary.count("exports_illisibles", self.totals.get("exports_illisibles", 0))
        for key in ("inseres", "mis_a_jour", "inchanges", "ignores"):
            self.summary.count(key, self.totals.get(key, 0))
        self.summary.count("formulaires", surveys)
        self.summary.count("echecs", len(self.failed))
        if self.failed:
            detail = " ; ".join(f"{sid} : {reason}" for sid, reason in self.failed.items())
            raise SurveysFailedError(
                f"{len(self.failed)} formulaire(s) LimeSurvey en échec sur {surveys} ({detail})", self.summary
            )


JOB = Job(
    run=run,
    sql=(
        "campagne/active.sql",
        "sync_limesurvey/active_forms.sql",
        "sync_limesurvey/upsert_candidat.sql",
        "sync_limesurvey/upsert_candidature.sql",
    ),
    resources=("conn", "limesurvey"),
)
