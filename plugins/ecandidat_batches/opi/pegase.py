"""BATCH_ASYNC_OPI towards Pégase: the three CSV files of the day, as eCandidat writes them.

Pégase has no OPI API: eCandidat writes ``candidat-yyyyMMdd.csv``, ``candidature-yyyyMMdd.csv`` and
``inscription-yyyyMMdd.csv`` in ``pegase.opi.path`` (here ``[ecandidat] pegase_opi_path``), which
Pégase imports. Format as eCandidat's opencsv writer makes it: a header of the lower-case column
names, ``;`` between values, no quote character (a ``"``, ``;``, line feed or carriage return
inside a value is prefixed by ``"``, opencsv's escape), ``\\n`` after every row, UTF-8 without BOM,
dates ``dd/MM/yyyy``, an empty field for a missing value. opencsv escapes the line feed but not the
carriage return, which a CSV reader takes for the end of the record: eCandidat's files split there
(the rest of the value became a record of its own, its first field chosen by the candidate); here it
is escaped as the line feed is.

Unlike eCandidat, which rewrites the files in place, each file is written beside its final name and
renamed over it once complete and flushed to disk: Pégase never reads half a file. A crash between
the three renames leaves some files of this run and some of the previous one; nothing is stamped
before the three are in place, so the next run writes them all again.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ecandidat_batches.clock import DATE

Row = Mapping[str, Any]

PAYS_FRANCE = "100"  # eCandidat's getCodPaysFrance()
ORIGINE = "EC"  # eCandidat's OPI_ORIGINE
VOEUX_INSCRIPTION = 5  # the inscription file has room for five wishes

_IDENTITE = ("nom_famille", "nom_usuel", "prenom", "prenom2", "prenom3")
_ADRESSE = (
    "adresse_code_pays", "adresse_ligne1_etage", "adresse_ligne2_batiment", "adresse_ligne3_voie",
    "adresse_ligne4_complement",
)  # fmt: skip

CANDIDAT = (
    "numero_candidat", "sexe", *_IDENTITE, "date_naissance", "code_pays_naissance",
    "code_commune_naissance", "libelle_commune_naissance", "code_nationalite", "ine", *_ADRESSE,
    "adresse_code_postal", "adresse_code_commune", "adresse_cp_ville_etranger", "numero_telephone1",
    "numero_telephone2", "courriel",
)  # fmt: skip
CANDIDATURE = (
    "numero_candidat", "origine_admission", "voie_admission", "annee_concours", "code_voeu",
    "code_periode", "code_formation_psup", "code_sise", "code_etablissement_affectation",
)  # fmt: skip
INSCRIPTION = (
    "nom_naissance", "nom_usage", "prenom", "prenom2", "prenom3", "sexe", "date_naissance",
    "code_pays_naissance", "code_commune_naissance", "libelle_commune_naissance_etranger",
    "code_nationalite", "ine", *_ADRESSE, "adresse_ligne5_etranger", "adresse_code_postal",
    "adresse_code_commune", "numero_telephone1", "numero_telephone2", "mail",
    *(f"{c}{n}" for n in range(1, VOEUX_INSCRIPTION + 1)
      for c in ("origine_admission", "annee_concours", "code_voeu", "code_periode")),
)  # fmt: skip
FILES = {"candidat": CANDIDAT, "candidature": CANDIDATURE, "inscription": INSCRIPTION}


def file_name(name: str, day: dt.date) -> str:
    """``<name>-yyyyMMdd.csv``."""
    return f"{name}-{day:%Y%m%d}.csv"


def line(values: Sequence[Any]) -> str:
    """One row: values joined by ``;``, opencsv's escape without a quote character, ``\\n`` at the end."""
    return ";".join(_escape(v) for v in values) + "\n"


def _escape(value: Any) -> str:
    if value is None:
        return ""
    return "".join(f'"{c}' if c in '";\n\r' else c for c in str(value))


def wish_rows(candidat: Row, opis: Iterable[Row]) -> list[dict[str, Any]]:
    """The candidature rows of a candidate (eCandidat's ``getVoeuByCandidature``): formations of
    Pégase with a Pégase code whose candidature is accepted."""
    return [
        {
            "numero_candidat": candidat["num_dossier_opi_cpt_min"],
            "origine_admission": ORIGINE,
            "code_voeu": o["cod_pegase_form"],
            "code_periode": candidat["cod_camp"],
        }
        for o in opis
        if o["typ_siscol"] == "P" and o["cod_pegase_form"] and o["tem_accept_cand"]
    ]


def _naissance(c: Row) -> dict[str, Any]:
    return {
        "sexe": c["cod_sexe"],
        "date_naissance": c["dat_naiss_candidat"].strftime(DATE),
        "code_pays_naissance": c["cod_pay_naiss"],
        "code_commune_naissance": c["cod_com_naiss_candidat"] if c["lib_com_naiss"] is not None else None,
        "code_nationalite": c["cod_pay_nat"],
    }


def _adresse(c: Row) -> dict[str, Any]:
    return {
        "adresse_code_pays": c["adr_cod_pay"],
        "adresse_ligne1_etage": c["adr2_adr"],
        "adresse_ligne2_batiment": c["adr3_adr"],
        "adresse_ligne3_voie": c["adr1_adr"],
        "adresse_code_postal": c["cod_bdi_adr"],
        "adresse_code_commune": c["adr_cod_com"],
        "numero_telephone1": c["tel_candidat"],
        "numero_telephone2": c["tel_port_candidat"],
    }


def candidat_row(c: Row) -> dict[str, Any]:
    """The candidat file's row (eCandidat's ``OpiCandidat``); the INE as stored."""
    ine, cle = c["ine_candidat"], c["cle_ine_candidat"]
    return {
        "numero_candidat": c["num_dossier_opi_cpt_min"],
        "nom_famille": c["nom_pat_candidat"],
        "nom_usuel": c["nom_usu_candidat"],
        "prenom": c["prenom_candidat"],
        "prenom2": c["autre_pren_candidat"],
        **_naissance(c),
        "libelle_commune_naissance": c["lib_com_naiss"]
        if c["lib_com_naiss"] is not None
        else c["lib_ville_naiss_candidat"],
        "ine": f"{ine}{cle}" if ine is not None and cle is not None else None,
        **_adresse(c),
        "courriel": c["mail_perso_cpt_min"],
    }


def inscription_row(c: Row, wishes: Sequence[Row]) -> dict[str, Any]:
    """The inscription file's row (eCandidat's ``OpiPegase``): identity, the INE cleaned, the first
    five wishes."""
    ine, cle = c["ine_candidat"], c["cle_ine_candidat"]
    row = {
        "nom_naissance": c["nom_pat_candidat"],
        "nom_usage": c["nom_usu_candidat"],
        "prenom": c["prenom_candidat"],
        "prenom2": c["autre_pren_candidat"],
        **_naissance(c),
        "libelle_commune_naissance_etranger": c["lib_ville_naiss_candidat"]
        if c["cod_pay_naiss"] is not None and c["cod_pay_naiss"] != PAYS_FRANCE
        else None,
        "ine": f"{_clean(ine)}{_clean(cle)}" if (ine or "").strip() and (cle or "").strip() else None,
        **_adresse(c),
        "mail": c["mail_perso_cpt_min"],
    }
    for n, wish in enumerate(wishes[:VOEUX_INSCRIPTION], start=1):
        row[f"origine_admission{n}"] = wish["origine_admission"]
        row[f"code_voeu{n}"] = wish["code_voeu"]
        row[f"code_periode{n}"] = wish["code_periode"]
    return row


def _clean(value: str | None) -> str:
    return (value or "").rstrip().upper()


class DayFiles:
    """The three files of the day, written to hidden temporary files, renamed into place by
    :meth:`commit` (each rename atomic; a crash before leaves the previous files as they were).

    :param folder: ``pegase_opi_path``, which must exist (a share Pégase reads).
    """

    def __init__(self, folder: Path, day: dt.date) -> None:
        if not folder.is_dir():
            raise FileNotFoundError(f"dossier des fichiers OPI Pégase introuvable : {folder}")
        self.folder = folder
        self.day = day
        self.rows = dict.fromkeys(FILES, 0)
        self._files: dict[str, Any] = {}
        for name, columns in FILES.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{file_name(name, day)}.", suffix=".tmp", dir=folder)
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
            handle.write(line(columns))
            self._files[name] = (handle, Path(tmp))

    def write(self, name: str, row: Mapping[str, Any]) -> None:
        """Append a row (its values by column name) to the file ``name``."""
        handle, _tmp = self._files[name]
        handle.write(line([row.get(c) for c in FILES[name]]))
        self.rows[name] += 1

    def commit(self) -> list[Path]:
        """Flush each file to disk and rename it over the day's file; the final paths."""
        final = []
        for name, (handle, tmp) in self._files.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            target = self.folder / file_name(name, self.day)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
            final.append(target)
        _fsync_dir(self.folder)
        self._files = {}
        return final

    def exist(self) -> bool:
        """Whether the day's files are already there (an earlier run today wrote them)."""
        return any((self.folder / file_name(name, self.day)).exists() for name in FILES)

    def discard(self) -> None:
        """Remove the temporary files (a failed or dry run)."""
        for handle, tmp in self._files.values():
            handle.close()
            tmp.unlink(missing_ok=True)
        self._files = {}


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed run left (``.<file>.<random>.tmp``), to remove at the next run."""
    return [p for p in folder.glob(".*.csv.*.tmp") if p.is_file()]
