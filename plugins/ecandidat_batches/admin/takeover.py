"""Taking over from eCandidat's own scheduler, so that no batch runs twice.

While eCandidat's poll loop still has a batch in service (``batch.tes_batch``), it runs that batch
next to Airflow. The takeover reads eCandidat's ``batch`` table and, for every batch this package
runs: imports its programmation and its "en service" as this package's programmation and pause state
(admins keep the schedules they set), then sets ``tes_batch = 0`` there. A batch this package does not
know (an institution's own) stays with eCandidat. eCandidat's LimeSurvey batch is
``BATCH_SYNCHRO_LIMESURVEY`` since its nomenclature 2.2.0.6 (it renames the older
``BATCH_SYNC_LIMESURVEY`` at start-up): it maps to ``BATCH_SYNC_LIMESURVEY`` here.

A batch's schedule and state are imported once (the Airflow Variable ``ecandidat_batches_takeover``
records which, and when): a rerun changes nothing, and never turns eCandidat's ``tes_batch = 0``, which
the takeover itself wrote, into "hors service" here. Only handing a batch over again is repeated, for a
batch someone put back in service in eCandidat.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.schedule.programmation import DAYS, Programmation
from ecandidat_batches.schedule.registry import BATCHES

if TYPE_CHECKING:
    from ecandidat_batches.admin.screen import Row

#: eCandidat's codes that differ from ours.
LEGACY_CODES = {"BATCH_SYNCHRO_LIMESURVEY": "BATCH_SYNC_LIMESURVEY"}
#: The Airflow Variable recording the imported batches: ``{code: ISO date of the import}``.
VARIABLE = "ecandidat_batches_takeover"
DESCRIPTION = "Batches dont la programmation a été reprise d'eCandidat (date de la reprise)"
#: The SQL files the takeover runs (for the grants).
SQL = ("takeover/batches.sql", "takeover/hand_over.sql")
_DAY_COLUMNS = ("tem_lundi_batch", "tem_mardi_batch", "tem_mercr_batch", "tem_jeudi_batch",
                "tem_vendredi_batch", "tem_samedi_batch", "tem_diman_batch")  # fmt: skip


@dataclass(frozen=True)
class EcandidatBatch:
    """A row of eCandidat's ``batch`` table, with our code for it."""

    ecandidat_code: str
    code: str
    en_service: bool
    programmation: Programmation | None
    error: str | None = None


@dataclass
class Plan:
    """What the takeover does: imports (once per batch), batches handed over, batches left."""

    imports: list[EcandidatBatch] = field(default_factory=list)
    hand_over: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    refused: list[EcandidatBatch] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.imports or self.hand_over)


def _time_of(value: Any) -> tuple[int, int]:
    """``fixe_hour_batch``: a ``time`` from PostgreSQL, a ``timedelta`` from MariaDB's driver."""
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds()) // 60
        return minutes // 60 % 24, minutes % 60
    return value.hour, value.minute


def programmation_of_row(row: Mapping[str, Any]) -> Programmation:
    """eCandidat's schedule fields as a :class:`Programmation` (validated: a bad one raises)."""
    hour, minute = _time_of(row["fixe_hour_batch"])
    frequence = int(row["frequence_batch"] or 0)
    return Programmation(
        jours=tuple(day for day, column in zip(DAYS, _DAY_COLUMNS, strict=True) if row[column]),
        heure=hour,
        minute=minute,
        frequence=frequence if row["tem_frequence_batch"] and frequence > 0 else None,
        jour_fixe=row["fixe_day_batch"],
        mois_fixe=row["fixe_month_batch"],
        annee_fixe=row["fixe_year_batch"],
    )


def read(conn: Connection) -> list[EcandidatBatch]:
    """eCandidat's ``batch`` table, each row with our code and its programmation (or why not)."""
    from ecandidat_batches.schedule.programmation import ProgrammationError

    with transaction(conn) as cur:
        sqlfiles.execute(cur, "takeover/batches.sql", {})
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, values, strict=True)) for values in cur.fetchall()]
    out = []
    for row in rows:
        code = str(LEGACY_CODES.get(row["cod_batch"], row["cod_batch"]))
        try:
            programmation, error = programmation_of_row(row), None
        except ProgrammationError as exc:
            programmation, error = None, str(exc)
        out.append(EcandidatBatch(str(row["cod_batch"]), code, bool(row["tes_batch"]), programmation, error))
    return out


def ours(code: str) -> bool:
    """Whether this package runs the batch (it has a job here): eCandidat must not run it too."""
    batch = BATCHES.get(code)
    return batch is not None and batch.job is not None


def plan(rows: Iterable[EcandidatBatch], imported: Mapping[str, str]) -> Plan:
    """The takeover's changes, given the batches already imported."""
    result = Plan()
    for row in rows:
        if not ours(row.code):
            result.left.append(row.ecandidat_code)
            continue
        if row.code not in imported:
            if row.programmation is None:
                # Neither its schedule nor its state can be taken: it stays with eCandidat (and the
                # page keeps warning) until an admin corrects it there or sets it here.
                result.refused.append(row)
                continue
            result.imports.append(row)
        if row.en_service:
            result.hand_over.append(row.ecandidat_code)
    return result


class TakeoverRefusedError(RuntimeError):
    """The takeover cannot be done as it is (a batch's DAG is not in Airflow yet)."""


def current_of(rows: Iterable[Row]) -> dict[str, tuple[str, bool | None]]:
    """Each batch's programmation and "en service" here, from the screen's rows (what :func:`lines`
    and :func:`check_dags` compare with)."""
    return {row.code: (row.programmation, row.en_service) for row in rows}


def check_dags(p: Plan, current: Mapping[str, tuple[str, bool | None]]) -> None:
    """Refuse before any change when a batch to import has no DAG in Airflow yet (not parsed since a
    deploy): its pause state could not be set, and a DAG created later would take the registry's.

    :raises TakeoverRefusedError: naming the batches.
    """
    missing = sorted(row.code for row in p.imports if current.get(row.code, ("", None))[1] is None)
    if missing:
        raise TakeoverRefusedError(
            "Reprise refusée, rien n'a été modifié : Airflow n'a pas encore lu le DAG de "
            f"{', '.join(missing)} (déploiement en cours ?). Réessayez quand la page les montre."
        )


def lines(p: Plan, current: Mapping[str, tuple[str, bool | None]]) -> list[str]:
    """The plan in French, with each batch's current programmation and state here (``current``)."""
    out = []
    for row in p.imports:
        assert row.programmation is not None
        now_prog, now_on = current.get(row.code, ("?", None))
        state = "en service" if row.en_service else "hors service"
        was = {True: "en service", False: "hors service", None: "sans DAG"}[now_on]
        out.append(
            f"{row.code} : programmation « {row.programmation.libelle()} » (ici : « {now_prog} »), "
            f"{state} (ici : {was})"
        )
    out += [
        f"{row.code} : programmation d'eCandidat illisible ({row.error}) : le batch reste à eCandidat"
        for row in p.refused
    ]
    out += [f"eCandidat : {code} mis hors service (tes_batch 1 -> 0)" for code in p.hand_over]
    if p.left:
        out.append(f"Restent à eCandidat (pas encore dans ce paquet) : {', '.join(p.left)}")
    if p.empty:
        out.append("Rien à faire : la reprise est déjà faite.")
    return out


def apply(
    conn: Connection,
    p: Plan,
    *,
    imported: Mapping[str, str],
    set_batch: Callable[[str, Programmation, bool], object],
    record: Callable[[dict[str, str]], None],
    now: dt.datetime,
    commit: Callable[[], None] = lambda: None,
) -> None:
    """Import (``set_batch``: programmation and "en service"), record, ``commit`` Airflow's side, then
    hand over in eCandidat's table (one transaction).

    Airflow's side first: if it fails, eCandidat still runs everything; if the last step fails, Airflow
    already has the schedules and a rerun hands over what is left.
    """
    done = dict(imported)
    for row in p.imports:
        assert row.programmation is not None
        set_batch(row.code, row.programmation, row.en_service)
        done[row.code] = now.isoformat(timespec="seconds")
    if p.imports:
        record(done)
    commit()
    if p.hand_over:
        with transaction(conn) as cur:
            sqlfiles.execute(cur, "takeover/hand_over.sql", {"codes": p.hand_over})


def still_in_service(rows: Iterable[EcandidatBatch]) -> list[str]:
    """eCandidat's batches in service there that Airflow runs too (the page warns about them)."""
    return [row.ecandidat_code for row in rows if row.en_service and ours(row.code)]


def parse_record(raw: str | None) -> dict[str, str]:
    """The Variable's value (absent: nothing imported yet)."""
    if not raw:
        return {}
    value = json.loads(raw)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
