"""eCandidat's ``parametre`` rows, read with eCandidat's defaults."""

from __future__ import annotations

from ecandidat_batches.db.connection import Cursor
from ecandidat_batches.db.sqlfiles import execute

#: The SQL files this module runs (a job that uses it declares them too).
SQL = ("parametre/get.sql",)


class ParametreManquantError(LookupError):
    """A ``parametre`` row the batch must write is missing."""


#: eCandidat's defaults, used when a row is missing (eCandidat itself would read 0, "" or false).
PARAMETRE_DEFAULTS: dict[str, str] = {
    "TECH_IS_MAINTENANCE": "N",
    "TECH_NB_JOUR_KEEP_HISTO_BATCH": "30",
    "CANDIDAT_NB_JOUR_KEEP_CPT_MIN": "5",
    "SCOL_NB_JOUR_ARCHIVAGE": "365",
    "SCOL_NB_JOUR_RELANCE_FAVO": "2",
    "OPI_IS_UTILISE": "N",
    "OPI_IS_UTILISE_PJ": "N",
    "OPI_IS_IMMEDIAT": "O",
    "OPI_NB_BATCH_MAX": "0",
    "OPI_PREFIXE": "EC",
    "OPI_IS_UTILISE_ADR": "N",
    "GEST_IS_UTILISE_REG_STU": "N",
    "TECH_IS_UTILISE_DEMAT": "O",
    "SCOL_SISCOL_COD_SANS_BAC": "",
    "LC_IS_CALCUL_RANG_REEL": "O",
    "TECH_IS_BLOC_LETTRE": "N",
    "DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM": "N",
}


def get_parametre(cur: Cursor, code: str) -> str | None:
    """Return ``val_param`` of a parameter, or None when its row is missing."""
    row = execute(cur, "parametre/get.sql", {"cod_param": code}).fetchone()
    return None if row is None else row[0]


def get_flag(cur: Cursor, code: str) -> bool:
    """Read an "O"/"N" parameter, falling back to eCandidat's default."""
    value = get_parametre(cur, code)
    return (PARAMETRE_DEFAULTS[code] if value is None else value) == "O"


def get_text(cur: Cursor, code: str) -> str:
    """Read a text parameter, falling back to eCandidat's default."""
    value = get_parametre(cur, code)
    return PARAMETRE_DEFAULTS[code] if value is None else value


def get_int(cur: Cursor, code: str) -> int:
    """Read an integer parameter, falling back to eCandidat's default; a non-number is an error."""
    value = get_parametre(cur, code)
    if value is None:
        value = PARAMETRE_DEFAULTS[code]
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"parametre {code} : valeur entière attendue, trouvé {value!r}") from None
