"""BATCH_ASYNC_OPI towards Apogée: the OpiMetier payload of a candidate and the check of what Apogée kept.

Plain functions over the rows of ``opi/candidats.sql`` and ``opi/voeux.sql`` (eCandidat's
``SiScolApogeeWSServiceImpl.creerOpiViaWS``, field by field), and over what ``opi/apogee/*.sql`` read
back from ``IND_OPI`` and ``VOEUX_INS``. No I/O here: the job calls the service and the databases.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Row = Mapping[str, Any]

#: eCandidat's constants for a wish (MAJOpiVoeuDTO3): first class, favourable decision, "C" request.
_VOEU_FIXE = {"numCls": 1, "codDecVeu": "F", "codDemDos": "C", "temValPsd": "N"}
_COMBINING = re.compile("[\u0300-\u036f]")
_INES = re.compile("[0-9]{9}[a-zA-Z]{2}")  # eCandidat's isINES (find, not a full match)


class OpiVerificationError(RuntimeError):
    """What Apogée holds after the call does not let the OPI be verified; the message says why."""


class OpiDataError(ValueError):
    """A candidate's data cannot be sent as it is; the message (French) names the field and why. The
    candidate fails, named; the others go on."""


#: Characters XML 1.0 cannot carry (SOAP is XML): the C0 controls but tab, line feed and carriage
#: return, and the non-characters U+FFFE, U+FFFF. Sent, they fail the whole call with an error that
#: names no field.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Where the free-text fields of the payload come from in eCandidat, to name them in an error.
_SOURCES = {
    "libNomPatIndOpi": "candidat.nom_pat_candidat",
    "libNomUsuIndOpi": "candidat.nom_usu_candidat",
    "libPr1IndOpi": "candidat.prenom_candidat",
    "libPr2IndOpi": "candidat.autre_pren_candidat",
    "codNneIndOpi": "candidat.ine_candidat, cle_ine_candidat",
    "libVilNaiEtuOpi": "candidat.lib_ville_naiss_candidat",
    "adrMailOpi": "compte_minima.mail_perso_cpt_min",
    "numTelPorOpi": "candidat.tel_port_candidat",
    "lib1": "adresse.adr1_adr",
    "lib2": "adresse.adr2_adr",
    "lib3": "adresse.adr3_adr",
    "libAde": "adresse.lib_com_etr_adr",
    "codBdi": "adresse.cod_bdi_adr",
    "numTel": "candidat.tel_candidat ou tel_port_candidat",
}


def clean(value: str | None) -> str | None:
    """eCandidat's ``cleanForSiScol``: trailing blanks removed, upper case."""
    return None if value is None else value.rstrip().upper()


def clean_ws(value: str | None) -> str | None:
    """eCandidat's ``cleanForSiScolWS``: :func:`clean`, then accents removed (NFD, marks dropped)."""
    cleaned = clean(value)
    return None if cleaned is None else _COMBINING.sub("", unicodedata.normalize("NFD", cleaned))


def code_opi(prefixe: str, candidat: Row) -> str:
    """``codOpiIntEpo``: ``OPI_PREFIXE`` + the account's dossier number."""
    return f"{prefixe}{candidat['num_dossier_opi_cpt_min']}"


def cod_etu(candidat: Row) -> int | None:
    """``codEtuOpi``: the account's ``supann_etu_id_cpt_min`` when it is a number (else none)."""
    value = str(candidat["supann_etu_id_cpt_min"] or "").strip()
    try:
        return int(value) if value else None
    except ValueError:
        return None


def nne(candidat: Row) -> str | None:
    """``codNneIndOpi``: INE + key, cleaned, when both are there."""
    ine, cle = candidat["ine_candidat"], candidat["cle_ine_candidat"]
    if not (ine or "").strip() or not (cle or "").strip():
        return None
    return f"{clean(ine)}{clean(cle)}"


def split_nne(value: str | None) -> tuple[str | None, str | None]:
    """INE and key of an 11-character ``INE + key`` (eCandidat's ``getIne``/``getCleIne``: an INES,
    nine digits and two letters, splits 9 + 2; any other 10 + 1)."""
    if value is None or len(value) != 11:
        return None, None
    cut = 9 if _INES.search(value) else 10
    return value[:cut], value[cut:]


def bac_year_error(candidat: Row, today: dt.date) -> str | None:
    """eCandidat skips a candidate whose bac year is after this year (and mails the admin)."""
    year = candidat["annee_obt_bac"]
    if year is not None and int(year) > today.year:
        return f"bac non conforme : année d'obtention {year} postérieure à l'année en cours"
    return None


def voeu(opi: Row) -> dict[str, Any] | None:
    """The wish of an OPI (eCandidat's ``getVoeuByCandidature``), or None: formation without its
    Apogée step, version or centre, or a candidature not (or no longer) accepted."""
    if not (opi["cod_etp_vet_apo_form"] and opi["cod_vrs_vet_apo_form"] and opi["cod_cge"]):
        return None
    if not opi["tem_accept_cand"]:
        return None
    item: dict[str, Any] = dict(_VOEU_FIXE)
    item["codCge"] = opi["cod_cge"]
    if opi["cod_dip_apo_form"] and opi["cod_vrs_vdi_apo_form"]:
        item["codDip"] = opi["cod_dip_apo_form"]
        item["codVrsVdi"] = int(opi["cod_vrs_vdi_apo_form"])
    item["codEtp"] = opi["cod_etp_vet_apo_form"]
    item["codVrsVet"] = int(opi["cod_vrs_vet_apo_form"])
    if opi["cod_cat_exo_ext"]:
        item["codCatExoExt"] = opi["cod_cat_exo_ext"]
    amount = opi["mnt_charge_cand"]
    if amount is not None and len(str(amount)) <= 15:  # Java's BigDecimal.toString: scale kept
        item["comExoExt"] = str(amount)
    if opi["cod_rgi"]:
        item["codRge"] = opi["cod_rgi"]
    return item


def payload(
    candidat: Row,
    opis: Sequence[Row],
    *,
    prefixe: str,
    with_address: bool,
    default_bac_year: str,
    cod_sans_bac: str,
    with_regime: bool = False,
) -> dict[str, Any]:
    """``DonneesOpiDTO10`` for the candidate and all their OPIs (None values are left out).

    :param with_address: ``OPI_IS_UTILISE_ADR``: the fixed address is sent.
    :param default_bac_year: the open university year, for a bac without a year.
    :param cod_sans_bac: ``SCOL_SISCOL_COD_SANS_BAC``: the bac code of a candidate without one.
    :param with_regime: ``GEST_IS_UTILISE_REG_STU``: the candidate's régime and statut are sent.
    :raises OpiDataError: no address while it is sent (eCandidat stopped the whole batch there), or a
        character XML cannot carry in a field (named).
    :raises ValueError: a version (``cod_vrs_*``) that is not a number.
    """
    etat_civil = {
        "libNomPatIndOpi": clean_ws(candidat["nom_pat_candidat"]),
        "libNomUsuIndOpi": clean_ws(candidat["nom_usu_candidat"]),
        "libPr1IndOpi": clean_ws(candidat["prenom_candidat"]),
        "libPr2IndOpi": clean_ws(candidat["autre_pren_candidat"]),
        "codNneIndOpi": nne(candidat),
        "codSexEtuOpi": candidat["cod_sexe"] if candidat["cod_siscol_civ"] else None,
    }
    departement = candidat["cod_dep_naiss_candidat"]
    naissance = {
        "dateNaiIndOpi": candidat["dat_naiss_candidat"].strftime("%d%m%Y"),
        "temDateNaiRelOpi": "N",
        "codPayNat": candidat["cod_pay_nat"],
        "libVilNaiEtuOpi": clean(candidat["lib_ville_naiss_candidat"]),
        "codTypDepPayNai": "D" if departement else "P",
        "codDepPayNai": departement or candidat["cod_pay_naiss"],
    }
    personnelles = {
        "adrMailOpi": candidat["mail_perso_cpt_min"],
        "numTelPorOpi": candidat["tel_port_candidat"],
        "codRgi": candidat["cod_rgi"] if with_regime else None,
        "codStu": candidat["cod_stu"] if with_regime else None,
    }
    donnees: dict[str, Any] = {
        "individu": {
            "codOpiIntEpo": code_opi(prefixe, candidat),
            "codEtuOpi": cod_etu(candidat),
            "etatCivil": etat_civil,
            "donneesNaissance": naissance,
            "donneesPersonnelles": personnelles,
        },
        "bac": _bac(candidat, default_bac_year, cod_sans_bac),
    }
    if with_address and candidat["id_adr"] is None:
        raise OpiDataError(
            "adresse manquante : OPI_IS_UTILISE_ADR = O et le candidat n'a pas d'adresse (adresseFixe) ; "
            "renseignez-la dans son dossier"
        )
    if with_address:
        donnees["adresseFixe"] = {
            "codBdi": candidat["cod_bdi_adr"],
            "codCom": candidat["adr_cod_com"],
            "codPay": candidat["adr_cod_pay"],
            "lib1": candidat["adr1_adr"],
            "lib2": candidat["adr2_adr"],
            "lib3": candidat["adr3_adr"],
            "libAde": candidat["lib_com_etr_adr"],
            "numTel": candidat["tel_candidat"] or candidat["tel_port_candidat"],
        }
    items = [v for v in (voeu(o) for o in opis) if v is not None]
    donnees["voeux"] = {"item": items or [{}]}  # one empty wish: how Apogée deletes the wishes
    cleaned: dict[str, Any] = _without_none(donnees)
    _check_xml(cleaned, "")
    return cleaned


def _check_xml(value: Any, path: str) -> None:
    """Refuse, naming the field, a value XML cannot carry."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_xml(item, f"{path}/{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            _check_xml(item, path)
    elif isinstance(value, str) and (bad := _NOT_XML.search(value)):
        field = path.rsplit("/", 1)[-1]
        source = f" ({_SOURCES[field]})" if field in _SOURCES else ""
        raise OpiDataError(
            f"caractère de contrôle U+{ord(bad[0]):04X} dans le champ {path}{source}, position "
            f"{bad.start() + 1} : à corriger dans le dossier du candidat"
        )


def _bac(candidat: Row, default_year: str, cod_sans_bac: str) -> dict[str, Any]:
    if candidat["cod_bac"] is None:
        return {"codBac": cod_sans_bac, "daaObtBacOba": default_year} if cod_sans_bac else {}
    year = candidat["annee_obt_bac"]
    bac = {
        "codBac": candidat["cod_bac"],
        "codDep": candidat["bac_cod_dep"],
        "codEtb": candidat["bac_cod_etb"],
        "codTpe": candidat["cod_tpe_etb"] if candidat["bac_cod_etb"] else None,
        "codMention": candidat["cod_mnb"],
        "daaObtBacOba": str(year) if year is not None else default_year,
        "codSpe1BacTer": candidat["cod_spe1_bac_ter"],
        "codSpe2BacTer": candidat["cod_spe2_bac_ter"],
        "codSpeBacPre": candidat["cod_spe_bac_pre"],
    }
    for n in range(1, 5):
        bac[f"codOpt{n}Bac"] = candidat[f"cod_opt{n}_bac"]
    return bac


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def choose_individu(found: Sequence[tuple[Any, str | None]], code: str) -> tuple[Any, str]:
    """The ``IND_OPI`` the candidate's OPIs were attached to (eCandidat's rule): the only one found,
    or among several the only one carrying our code.

    :param found: ``(COD_IND_OPI, COD_OPI_INT_EPO)`` rows.
    :raises OpiVerificationError: none, several with our code, or several without it.
    """
    if not found:
        raise OpiVerificationError("OPI introuvable dans Apogée après l'appel (IND_OPI)")
    if len(found) == 1:
        cod_ind, cod_opi = found[0]
    else:
        ours = [row for row in found if (row[1] or "").upper() == code.upper()]
        if len(ours) != 1:
            why = f"plusieurs avec le code {code.upper()}" if ours else "plusieurs, aucun avec notre code"
            raise OpiVerificationError(f"OPI ambigu dans Apogée : {len(found)} IND_OPI trouvés ({why})")
        cod_ind, cod_opi = ours[0]
    if not cod_opi:
        raise OpiVerificationError(f"IND_OPI {cod_ind} sans code OPI (COD_OPI_INT_EPO) dans Apogée")
    return cod_ind, str(cod_opi)


@dataclass
class Verification:
    """What may be stamped after Apogée's answer, and what could not be verified."""

    passed: list[int] = field(default_factory=list)  # pending, accepted, its wish in VOEUX_INS
    withdrawn: list[int] = field(default_factory=list)  # pending, withdrawn, no wish left
    missing: list[str] = field(default_factory=list)  # formations whose wish Apogée does not hold


def _key(opi: Row) -> tuple[str, str, str]:
    return (str(opi["cod_cge"]), str(opi["cod_etp_vet_apo_form"]), str(opi["cod_vrs_vet_apo_form"]))


def verify(opis: Iterable[Row], voeux_ins: Iterable[tuple[Any, Any, Any]]) -> Verification:
    """Match the candidate's pending OPIs with the wishes Apogée holds (``VOEUX_INS``: centre, step,
    step version), as eCandidat does; an accepted OPI without its wish in Apogée, or a withdrawal whose
    wish is still there, is reported (eCandidat left them pending without a word)."""
    held = {(str(cge), str(etp), str(vrs)) for cge, etp, vrs in voeux_ins}
    out = Verification()
    for opi in opis:
        if opi["dat_passage_opi"] is not None:
            continue
        if opi["tem_accept_cand"] is not None and not opi["tem_accept_cand"]:
            if _key(opi) not in held:
                out.withdrawn.append(int(opi["id_cand"]))
            else:
                out.missing.append(
                    f"{opi['lib_form']} (désistement non pris en compte : vœu toujours dans Apogée)"
                )
        elif opi["tem_accept_cand"] is None:
            out.missing.append(f"{opi['lib_form']} (candidature non confirmée)")
        elif voeu(opi) is None:
            out.missing.append(f"{opi['lib_form']} (formation sans étape, version ou centre Apogée)")
        elif _key(opi) in held:
            out.passed.append(int(opi["id_cand"]))
        else:
            out.missing.append(f"{opi['lib_form']} (vœu absent d'Apogée après l'appel)")
    return out
