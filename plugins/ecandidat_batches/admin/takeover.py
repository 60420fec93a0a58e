"""Taking over from eCandidat's own scheduler, so that no batch runs twice.

While eCandidat's poll loop still has a batch in service (``batch.tes_batch``), it runs that batch
next to Airflow. The takeover reads eCandidat's ``batch`` table and proposes, batch by batch, what it
would change; the admin confirms all or some of it (the page's preview, the CLI's ``--dry-run``):

* a batch eCandidat runs and that was never taken over (or was given back since): its programmation
  is imported here and it is put in service here (eCandidat ran it), then ``tes_batch = 0`` there;
* a batch taken over earlier that someone put back in service in eCandidat: handed over again
  (``tes_batch = 0``), nothing changed here (the admins may have edited it since);
* a batch eCandidat does not run is left alone, here and there;
* a batch this package does not run (an institution's own) stays with eCandidat.

eCandidat's LimeSurvey batch is ``BATCH_SYNCHRO_LIMESURVEY`` since its nomenclature 2.2.0.6 (it
renames the older ``BATCH_SYNC_LIMESURVEY`` at start-up); both map to ``BATCH_SYNC_LIMESURVEY`` here,
and a table holding both is one batch here: the one in service (the newer name first) is imported,
both are handed over.

The Airflow Variable ``ecandidat_batches_takeover`` records, per batch, when it was taken over, its
rows in eCandidat's table as they were then and its state here: what "Rendre à eCandidat"
(:mod:`.handback`) gives back. Airflow's side is written first: if eCandidat's side then fails, a rerun
hands over what is left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecandidat_batches.admin.batch_table import LEGACY_CODES, EcandidatBatch, describe, ecandidat_side, ours
from ecandidat_batches.admin.record import Entry, TakeoverRefusedError, dump_record, when
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.schedule.programmation import Programmation

if TYPE_CHECKING:
    from ecandidat_batches.admin.screen import Row

SQL = ("takeover/hand_over.sql",)
#: "en service" here: True, False, or None when the batch has no DAG in this deployment.
HERE = {True: "en service", False: "hors service", None: "sans DAG"}


# -- the plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What the takeover would do for one batch of ours (the admin confirms it or not).

    :param imported: the row whose programmation is imported (None: taken over already, only handed
        over again).
    :param hand_over: eCandidat's codes put out of service there.
    :param rows: all of eCandidat's rows for this batch (recorded as they were).
    :param before: its programmation (French) and "en service" here.
    """

    code: str
    line: str
    imported: EcandidatBatch | None
    hand_over: tuple[str, ...]
    rows: tuple[EcandidatBatch, ...]
    before: tuple[str, bool | None]

    @property
    def fingerprint(self) -> str:
        """What the admin saw in the preview: a confirmation is refused if it no longer matches."""
        return hashlib.sha256(self.line.encode()).hexdigest()[:16]


@dataclass
class Plan:
    """The takeover's proposals, and the batches it leaves as they are (with why, in French)."""

    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes

    def lines(self) -> list[str]:
        """The preview in French: the proposals, then what stays as it is."""
        out = [c.line for c in self.changes] + self.refused + self.unchanged
        if self.left:
            out.append(f"Restent à eCandidat (pas dans ce paquet) : {', '.join(self.left)}")
        if self.empty:
            out.append("Rien à reprendre : eCandidat ne lance aucun batch que ce paquet lance.")
        return out


def current_of(rows: Iterable[Row]) -> dict[str, tuple[str, bool | None]]:
    """Each batch's programmation and "en service" here, from the screen's rows."""
    return {row.code: (row.programmation, row.en_service) for row in rows}


def _preferred(rows: Sequence[EcandidatBatch]) -> list[EcandidatBatch]:
    """eCandidat's current code before its legacy one."""
    return sorted(rows, key=lambda r: r.ecandidat_code == r.code and r.code in LEGACY_CODES.values())


def plan(
    rows: Iterable[EcandidatBatch],
    record: Mapping[str, Entry],
    current: Mapping[str, tuple[str, bool | None]],
) -> Plan:
    """What the takeover proposes, batch by batch, given the record and the state here (``current``)."""
    result = Plan()
    groups: dict[str, list[EcandidatBatch]] = {}
    for row in rows:
        if ours(row.code):
            groups.setdefault(row.code, []).append(row)
        else:
            result.left.append(row.ecandidat_code)
    for code, group in sorted(groups.items()):
        group = _preferred(group)
        prog_here, on_here = current.get(code, ("?", None))
        here = f"ici : « {prog_here} », {HERE[on_here]}"
        running = [r for r in group if r.en_service]
        if not running:
            result.unchanged.append(f"{code} : eCandidat ne le lance pas : rien ne change ({here})")
            continue
        names = tuple(r.ecandidat_code for r in running)
        handed = f"eCandidat : {', '.join(names)} mis hors service (tes_batch 1 -> 0)"
        entry = record.get(code)
        if entry is not None and entry.active:
            again = f"repris le {when(entry.reprise)}, relancé depuis par eCandidat"
            line = f"{code} : {again} ; {handed} ; {here}, inchangé"
            result.changes.append(Change(code, line, None, names, tuple(group), (prog_here, on_here)))
            continue
        readable = [r for r in running if r.programmation is not None]
        if not readable:
            errors = "; ".join(f"{r.ecandidat_code} : {r.error}" for r in running)
            result.refused.append(
                f"{code} : programmation d'eCandidat illisible ({errors}) : le batch reste à eCandidat"
            )
            continue
        chosen = readable[0]
        assert chosen.programmation is not None
        line = (
            f"{code} : programmation « {chosen.programmation.libelle()} » (ici : « {prog_here} »), "
            f"en service (ici : {HERE[on_here]}) ; {handed}"
        )
        for other in running:
            if other is not chosen and other.programmation != chosen.programmation:
                shown = other.programmation.libelle() if other.programmation else other.error
                line += f" ; programmation de {other.ecandidat_code} (« {shown} ») non reprise"
        result.changes.append(Change(code, line, chosen, names, tuple(group), (prog_here, on_here)))
    return result


def choose(p: Plan, chosen: Mapping[str, str | None]) -> list[Change]:
    """The changes the admin confirmed: ``{code: fingerprint seen in the preview}`` (None: the CLI,
    which confirms what it computes).

    :raises TakeoverRefusedError: nothing chosen, or a chosen batch's change is not the one previewed
        (another admin, or eCandidat, changed things since): nothing is applied.
    """
    if not chosen:
        raise TakeoverRefusedError("Rien n'a été modifié : aucun batch choisi.")
    stale = stale_choices(chosen, {c.code: c.fingerprint for c in p.changes})
    if stale:
        raise TakeoverRefusedError(
            "Rien n'a été modifié : la situation a changé depuis l'aperçu pour "
            f"{', '.join(stale)} (reprise faite entre-temps par un autre administrateur, ou eCandidat "
            "modifié). Vérifiez le nouvel aperçu avant de confirmer."
        )
    return [c for c in p.changes if c.code in chosen]


def stale_choices(chosen: Mapping[str, str | None], offered: Mapping[str, str]) -> list[str]:
    """The chosen batches not offered, or offered with another line than the one seen."""
    return sorted(c for c, seen in chosen.items() if c not in offered or seen not in (None, offered[c]))


def check_dags(changes: Iterable[Change]) -> None:
    """Refuse before any change when a batch to import has no DAG in Airflow yet (not parsed since a
    deploy): its pause state could not be set, and a DAG created later would take the registry's.

    :raises TakeoverRefusedError: naming the batches.
    """
    missing = sorted(c.code for c in changes if c.imported is not None and c.before[1] is None)
    if missing:
        raise TakeoverRefusedError(
            "Reprise refusée, rien n'a été modifié : Airflow n'a pas encore lu le DAG de "
            f"{', '.join(missing)} (déploiement en cours ?). Réessayez quand la page les montre."
        )


def before(changes: Iterable[Change]) -> dict[str, Any]:
    """Each batch as it was, here and in eCandidat (the audit line's ``avant``)."""
    return {
        c.code: {
            "ici": {"programmation": c.before[0], "en_service": c.before[1]},
            "ecandidat": {r.ecandidat_code: describe(r.columns) for r in c.rows},
        }
        for c in changes
    }


def apply(
    conn: Connection,
    changes: Sequence[Change],
    *,
    record: Mapping[str, Entry],
    set_batch: Callable[[str, Programmation, bool], object],
    write_record: Callable[[str], None],
    now: dt.datetime,
    commit: Callable[[], None] = lambda: None,
) -> None:
    """Import (``set_batch``: programmation, in service), write the record, ``commit`` Airflow's side,
    then hand over in eCandidat's table (one transaction).

    Airflow's side first: if it fails, eCandidat still runs everything; if the last step fails, Airflow
    already has the schedules and a rerun hands over what is left.
    """
    done = dict(record)
    for change in changes:
        if change.imported is None:
            continue
        assert change.imported.programmation is not None
        set_batch(change.code, change.imported.programmation, True)
        done[change.code] = Entry(
            reprise=now.isoformat(timespec="seconds"),
            ecandidat={r.ecandidat_code: dict(r.columns) for r in change.rows},
            ici={"programmation": change.before[0], "en_service": change.before[1]},
        )
    if done != record:
        write_record(dump_record(done))
    commit()
    codes = [code for change in changes for code in change.hand_over]
    if codes:
        rows = [{"cod_batch": code} for code in codes]
        ecandidat_side("Reprendre d'eCandidat", codes, "takeover/hand_over.sql", rows, conn)


def still_in_service(
    rows: Iterable[EcandidatBatch],
    record: Mapping[str, Entry] | None = None,
    here: Mapping[str, bool | None] | None = None,
) -> list[str]:
    """eCandidat's batches in service there that Airflow runs too (the page warns about them): not
    one given back to eCandidat and out of service here."""
    record, here = record or {}, here or {}
    out = []
    for row in rows:
        if not (row.en_service and ours(row.code)):
            continue
        entry = record.get(row.code)
        if entry is not None and not entry.active and here.get(row.code) is False:
            continue
        out.append(row.ecandidat_code)
    return out
