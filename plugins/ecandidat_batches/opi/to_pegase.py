"""BATCH_ASYNC_OPI towards Pégase: the three CSV files of the day, each renamed into place once
complete; then every OPI written (the day's earlier ones again) is stamped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ecandidat_batches import settings
from ecandidat_batches.opi import apogee as opi_apogee
from ecandidat_batches.opi import pegase as opi_pegase
from ecandidat_batches.opi.outcome import Chunk, Outcome, Stamp, stamp
from ecandidat_batches.summary import Summary


def write(
    conn: Any,
    chunks: Iterator[Chunk],
    now: dt.datetime,
    opi_path: str | Path | None,
    dry_run: bool,
    summary: Summary,
    checkpoint: Callable[[str], None],
) -> list[Outcome]:
    where = str(opi_path or settings.pegase_opi_path())
    if not where:
        raise ValueError("Pégase : [ecandidat] pegase_opi_path (pegase.opi.path d'eCandidat) est vide")
    folder = Path(where)
    for leftover in opi_pegase.leftovers(folder):
        leftover.unlink(missing_ok=True)  # a killed run's unfinished files
    files = opi_pegase.DayFiles(folder, now.date())
    reported: list[Outcome] = []
    stamps: list[Stamp] = []
    without_address = 0
    try:
        for chunk in chunks:
            for candidat, opis in chunk:
                error = opi_apogee.bac_year_error(candidat, now.date())
                if error:
                    reported.append(Outcome(candidat, error=error))
                    continue
                if candidat["id_adr"] is None:
                    without_address += 1  # eCandidat's rule: Pégase needs the address
                    continue
                number = candidat["num_dossier_opi_cpt_min"]
                wishes = opi_pegase.wish_rows(candidat, opis)
                stamps += [Stamp(int(o["id_cand"]), number, o["dat_passage_opi"]) for o in opis
                           if _written_or_withdrawn(o)]  # fmt: skip
                unsent = [o["lib_form"] for o in opis if o["dat_passage_opi"] is None and o["tem_accept_cand"]
                          and not (o["typ_siscol"] == "P" and o["cod_pegase_form"])]  # fmt: skip
                if unsent:  # eCandidat left them pending without a word
                    reported.append(
                        Outcome(candidat, error="formation sans code Pégase : " + ", ".join(unsent))
                    )
                if not wishes:
                    continue
                files.write("candidat", opi_pegase.candidat_row(candidat))
                for wish in wishes:
                    files.write("candidature", wish)
                files.write("inscription", opi_pegase.inscription_row(candidat, wishes))
        rows = dict(files.rows)
        if dry_run or not (rows["candidat"] or files.exist()):
            files.discard()
        else:  # the day's files, or none left: header-only files replace this morning's
            paths = files.commit()
            checkpoint("files_written")
            summary.add("Fichiers écrits : " + ", ".join(str(p) for p in paths))
    except BaseException:
        files.discard()
        raise
    summary.count("candidats_fichiers", rows["candidat"])
    summary.count("voeux_fichiers", rows["candidature"])
    summary.count("sans_adresse", without_address)
    if not rows["candidat"]:
        summary.add("Aucun vœu Pégase à déverser : aucun fichier écrit")
    summary.add(
        f"{rows['candidat']} candidat(s) et {rows['candidature']} vœu(x) dans les fichiers du "
        f"{now:%d/%m/%Y}"
        + (f", {without_address} candidat(s) sans adresse ignoré(s)" if without_address else "")
    )
    if not dry_run and (rows["candidat"] or stamps):
        stamp(conn, stamps, now)
        checkpoint("stamped")
        summary.add(f"{len(stamps)} OPI marquée(s) passée(s)")
    return reported


def _written_or_withdrawn(opi: Mapping[str, Any]) -> bool:
    """An OPI stamped after the files: its wish is in them, or it is a withdrawal still pending."""
    if opi["typ_siscol"] == "P" and opi["cod_pegase_form"] and opi["tem_accept_cand"]:
        return True
    withdrawn = opi["tem_accept_cand"] is not None and not opi["tem_accept_cand"]
    return withdrawn and opi["dat_passage_opi"] is None
