"""eCandidat's own scheduler table, ``batch``: read, in our codes, and written back one row at a time.

What the takeover (:mod:`.takeover`) and its reverse (:mod:`.handback`) read and change there: each
row's ``tes_batch`` ("en service") and programmation columns, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.schedule.programmation import DAYS, Programmation, ProgrammationError
from ecandidat_batches.schedule.registry import BATCHES

#: eCandidat's codes that differ from ours (its current name first: the one imported when both run).
LEGACY_CODES = {"BATCH_SYNCHRO_LIMESURVEY": "BATCH_SYNC_LIMESURVEY"}
#: The SQL file that reads the table (the takeover's and its reverse's own: :data:`.takeover.SQL`,
#: :data:`.handback.SQL`).
SQL = ("takeover/batches.sql",)
DAY_COLUMNS = ("tem_lundi_batch", "tem_mardi_batch", "tem_mercr_batch", "tem_jeudi_batch",
               "tem_vendredi_batch", "tem_samedi_batch", "tem_diman_batch")  # fmt: skip
#: The columns of eCandidat's ``batch`` row that the takeover records and the return writes back.
SCHEDULE_COLUMNS = ("tes_batch", *DAY_COLUMNS, "fixe_hour_batch", "fixe_day_batch", "fixe_month_batch",
                    "fixe_year_batch", "tem_frequence_batch", "frequence_batch")  # fmt: skip


class EcandidatNotChangedError(RuntimeError):
    """Airflow's side is done, eCandidat's table could not be changed: a rerun finishes it."""


def ecandidat_side(what: str, codes: Sequence[str], sql: str, rows: Sequence[Mapping[str, Any]],
                   conn: Connection) -> None:  # fmt: skip
    """eCandidat's side of the takeover or of its reverse, in one transaction.

    :raises EcandidatNotChangedError: naming the batches and the cause, in French.
    """
    try:
        with transaction(conn) as cur:
            sqlfiles.execute_many(cur, sql, rows)
    except Exception as exc:
        raise EcandidatNotChangedError(
            f"Airflow est à jour, mais la table batch d'eCandidat n'a pas pu être modifiée pour "
            f"{', '.join(codes)} ({str(exc)[:200]}) : relancez « {what} » pour terminer."
        ) from exc


@dataclass(frozen=True)
class EcandidatBatch:
    """A row of eCandidat's ``batch`` table, with our code for it."""

    ecandidat_code: str
    code: str
    en_service: bool
    programmation: Programmation | None
    error: str | None = None
    #: The row's :data:`SCHEDULE_COLUMNS`, JSON-ready (what the takeover records).
    columns: Mapping[str, Any] = field(default_factory=dict, compare=False)


def _time_of(value: Any) -> tuple[int, int]:
    """``fixe_hour_batch``: a ``time`` from PostgreSQL, a ``timedelta`` from MariaDB's driver, or the
    recorded ``HH:MM:SS``."""
    if isinstance(value, str):
        hour, minute = value.split(":")[:2]
        return int(hour), int(minute)
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds()) // 60
        return minutes // 60 % 24, minutes % 60
    return value.hour, value.minute


def _hms(value: Any) -> str:
    """``fixe_hour_batch`` as ``HH:MM:SS``, seconds kept (what the return writes back)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds()) % 86400
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def programmation_of_row(row: Mapping[str, Any]) -> Programmation:
    """eCandidat's schedule fields as a :class:`Programmation` (validated: a bad one raises)."""
    hour, minute = _time_of(row["fixe_hour_batch"])
    frequence = int(row["frequence_batch"] or 0)
    return Programmation(
        jours=tuple(day for day, column in zip(DAYS, DAY_COLUMNS, strict=True) if row[column]),
        heure=hour,
        minute=minute,
        frequence=frequence if row["tem_frequence_batch"] and frequence > 0 else None,
        jour_fixe=row["fixe_day_batch"],
        mois_fixe=row["fixe_month_batch"],
        annee_fixe=row["fixe_year_batch"],
    )


def columns_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's schedule columns as JSON values (booleans, ``HH:MM:SS``, integers or null)."""
    out: dict[str, Any] = {}
    for name in SCHEDULE_COLUMNS:
        value = row[name]
        if name == "fixe_hour_batch":
            out[name] = _hms(value)
        elif name.startswith("te"):
            out[name] = bool(value)
        else:
            out[name] = None if value is None else int(value)
    return out


def describe(columns: Mapping[str, Any]) -> str:
    """A recorded row in French: « en service, Tous les lun à 04h15 »."""
    state = "en service" if columns["tes_batch"] else "hors service"
    try:
        return f"{state}, « {programmation_of_row(columns).libelle()} »"
    except ProgrammationError as exc:
        return f"{state}, programmation illisible ({exc})"


def read(conn: Connection) -> list[EcandidatBatch]:
    """eCandidat's ``batch`` table, each row with our code and its programmation (or why not)."""
    with transaction(conn) as cur:
        rows = sqlfiles.execute_dicts(cur, "takeover/batches.sql", {})
    out = []
    for row in rows:
        code = str(LEGACY_CODES.get(row["cod_batch"], row["cod_batch"]))
        try:
            programmation, error = programmation_of_row(row), None
        except ProgrammationError as exc:
            programmation, error = None, str(exc)
        out.append(
            EcandidatBatch(
                str(row["cod_batch"]), code, bool(row["tes_batch"]), programmation, error, columns_of(row)
            )
        )
    return out


def ours(code: str) -> bool:
    """Whether this package runs the batch (it has a job here): eCandidat must not run it too. A batch
    this package adds (``ajoute``) is not eCandidat's: a row of that code there is an institution's
    own, left to eCandidat."""
    batch = BATCHES.get(code)
    return batch is not None and batch.job is not None and not batch.ajoute
