"""Giving batches back to eCandidat ("Rendre à eCandidat"): the takeover's reverse.

For each chosen batch taken over (:mod:`.takeover`), it is put out of service here, and eCandidat's
rows in its ``batch`` table get back the programmation and ``tes_batch`` they had before the takeover,
as the takeover recorded them. Airflow's side first (out of service here, the record marked "rendu"),
then eCandidat's in one transaction: should that fail, nothing runs the batch twice, and a rerun
writes back what is left. A batch given back may be taken over again later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ecandidat_batches.admin.batch_table import EcandidatBatch, describe, ecandidat_side
from ecandidat_batches.admin.record import Entry, TakeoverRefusedError, dump_record, when
from ecandidat_batches.admin.takeover import HERE, stale_choices
from ecandidat_batches.db.connection import Connection

SQL = ("takeover/give_back.sql",)


@dataclass(frozen=True)
class Restore:
    """What the return would do for one batch.

    :param pause: put it out of service here (it is in service).
    :param rows: eCandidat's rows to write back, as the takeover recorded them.
    """

    code: str
    line: str
    pause: bool
    rows: tuple[Mapping[str, Any], ...]
    before: Mapping[str, Any]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.line.encode()).hexdigest()[:16]


@dataclass
class Plan:
    changes: list[Restore] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [c.line for c in self.changes] + self.refused
        if not out:
            out.append("Rien à rendre : aucun batch n'a été repris d'eCandidat.")
        return out


def plan(
    rows: Iterable[EcandidatBatch],
    record: Mapping[str, Entry],
    current: Mapping[str, tuple[str, bool | None]],
    codes: Iterable[str] | None = None,
) -> Plan:
    """What giving back would do for ``codes`` (default: every batch of the record)."""
    now_rows = {r.ecandidat_code: r for r in rows}
    result = Plan()
    for code in sorted(set(record if codes is None else codes)):
        entry = record.get(code)
        prog_here, on_here = current.get(code, ("?", None))
        if entry is None:
            result.refused.append(f"{code} : jamais repris d'eCandidat ici : rien à rendre")
            continue
        if entry.ecandidat is None:
            result.refused.append(
                f"{code} : repris le {when(entry.reprise)} par une version antérieure du paquet, qui n'a "
                "pas noté l'état d'eCandidat : à rendre à la main (mettez-le en service dans "
                "l'écran Batches d'eCandidat, puis hors service ici)"
            )
            continue
        parts, restore = [], []
        if on_here:
            parts.append("ici mis hors service (était en service)")
        for ecandidat_code, columns in sorted(entry.ecandidat.items()):
            now = now_rows.get(ecandidat_code)
            if now is None:
                parts.append(f"eCandidat : {ecandidat_code} absent de sa table batch, non rétabli")
            elif dict(now.columns) != dict(columns):
                restore.append({"cod_batch": ecandidat_code, **columns})
                parts.append(
                    f"eCandidat : {ecandidat_code} remis comme avant la reprise du {when(entry.reprise)} : "
                    f"{describe(columns)} (actuellement : {describe(now.columns)})"
                )
        if not (on_here or restore):
            if not entry.active:  # given back already, nothing left to write
                if codes is not None:
                    result.refused.append(f"{code} : déjà rendu à eCandidat le {when(entry.rendu or '')}")
                continue
            parts.append(f"rien à changer (ici : {HERE[on_here]} ; eCandidat déjà comme avant la reprise)")
        before = {
            "ici": {"programmation": prog_here, "en_service": on_here},
            "ecandidat": {c: describe(now_rows[c].columns) for c in entry.ecandidat if c in now_rows},
        }
        line = f"{code} : " + " ; ".join(parts)
        result.changes.append(Restore(code, line, bool(on_here), tuple(restore), before))
    return result


def choose(p: Plan, chosen: Mapping[str, str | None]) -> list[Restore]:
    """The returns the admin confirmed (``{code: fingerprint seen}``; None: the CLI).

    :raises TakeoverRefusedError: nothing chosen, a refused batch, or one changed since the preview.
    """
    if not chosen:
        raise TakeoverRefusedError("Rien n'a été modifié : aucun batch choisi.")
    stale = stale_choices(chosen, {c.code: c.fingerprint for c in p.changes})
    if stale:
        raise TakeoverRefusedError(
            f"Rien n'a été modifié : {', '.join(stale)} ne peut pas être rendu tel que l'aperçu le montrait "
            "(déjà rendu, jamais repris, ou situation changée depuis). Vérifiez le nouvel aperçu."
        )
    return [c for c in p.changes if c.code in chosen]


def apply(
    conn: Connection,
    changes: Sequence[Restore],
    *,
    record: Mapping[str, Entry],
    pause: Callable[[str], object],
    write_record: Callable[[str], None],
    now: dt.datetime,
    commit: Callable[[], None] = lambda: None,
) -> None:
    """Pause here, mark the record, ``commit`` Airflow's side, then write eCandidat's rows back."""
    done = dict(record)
    for change in changes:
        if change.pause:
            pause(change.code)
        if done[change.code].active:
            done[change.code] = replace(done[change.code], rendu=now.isoformat(timespec="seconds"))
    if done != record:
        write_record(dump_record(done))
    commit()
    rows = [_bound(row) for change in changes for row in change.rows]
    if rows:
        codes = [str(row["cod_batch"]) for row in rows]
        ecandidat_side("Rendre à eCandidat", codes, "takeover/give_back.sql", rows, conn)


def _bound(row: Mapping[str, Any]) -> dict[str, Any]:
    """A recorded row as the driver binds it (``fixe_hour_batch`` a ``time``)."""
    hour, minute, second = (int(p) for p in str(row["fixe_hour_batch"]).split(":"))
    return {**row, "fixe_hour_batch": dt.time(hour, minute, second)}
