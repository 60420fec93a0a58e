"""The "Éditer" form of the Batches screen: from submitted fields to a programmation, in French.

Kept apart from the web routes so that every validation message can be tested without a server. The
fields are eCandidat's edit window: En service, the days, a fixed hour and minute or a frequency in
minutes, and an optional fixed date (day, month, year).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecandidat_batches.schedule.programmation import DAYS, Programmation, ProgrammationError

#: The form's labels, used to name a field in an error message.
LABELS = {
    "en_service": "En service",
    "mode": "Type de programmation",
    "jours": "Jours",
    "heure": "Heure",
    "minute": "Minute",
    "frequence": "Fréquence (minutes)",
    "jour_fixe": "Jour fixe",
    "mois_fixe": "Mois fixe",
    "annee_fixe": "Année fixe",
    "programmation": "Programmation",
}
MODES = ("heure", "frequence")


class FormError(ValueError):
    """The submitted form is invalid; ``errors`` maps each field to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{LABELS.get(k, k)} : {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class Edition:
    programmation: Programmation


def values(prog: Programmation, en_service: bool | None) -> dict[str, Any]:
    """The form's initial values for a programmation (what the edit window shows)."""
    return {
        "en_service": bool(en_service),
        "mode": "frequence" if prog.frequence is not None else "heure",
        "jours": list(prog.jours),
        "heure": prog.heure,
        "minute": prog.minute,
        "frequence": "" if prog.frequence is None else prog.frequence,
        "jour_fixe": "" if prog.jour_fixe is None else prog.jour_fixe,
        "mois_fixe": "" if prog.mois_fixe is None else prog.mois_fixe,
        "annee_fixe": "" if prog.annee_fixe is None else prog.annee_fixe,
    }


#: What the form sends for "En service": a hidden "non", then "oui" when the box is ticked.
EN_SERVICE = {"oui": True, "non": False}


def parse_en_service(values: list[str]) -> bool | None:
    """The "En service" field: the last value the form sent; absent means no change (an API client).

    :raises FormError: any other value than the form's, rather than guessing and flipping a batch.
    """
    if not values:
        return None
    last = values[-1]
    if last not in EN_SERVICE:
        raise FormError({"en_service": f"valeur « {last[:20]} » inattendue (attendu : oui ou non)"})
    return EN_SERVICE[last]


def _integer(form: Mapping[str, Any], name: str, errors: dict[str, str], *, required: bool) -> int | None:
    text = str(form.get(name) or "").strip()
    if not text:
        if required:
            errors[name] = "valeur obligatoire"
        return None
    if not re.fullmatch(r"\d{1,6}", text):
        errors[name] = f"nombre entier attendu (reçu « {text[:20]} »)"
        return None
    return int(text)


def parse(form: Mapping[str, Any], jours: list[str]) -> Edition:
    """Validate a submitted form; every problem is reported at once, field by field.

    :param form: the single-valued fields of the programmation.
    :param jours: the ticked days (a multi-valued field).
    :raises FormError: with one French message per wrong field.
    """
    errors: dict[str, str] = {}
    mode = str(form.get("mode") or "heure")
    if mode not in MODES:
        errors["mode"] = f"valeur inconnue « {mode[:20]} » (attendu : heure fixe ou fréquence)"
    unknown = [d for d in jours if d not in DAYS]
    if unknown:
        errors["jours"] = f"jour inconnu « {unknown[0][:10]} » (attendu : {', '.join(DAYS)})"
    by_frequency = mode == "frequence"
    # Only the chosen kind of programmation is read: the other one's fields may hold anything.
    heure = minute = frequence = None
    if by_frequency:
        frequence = _integer(form, "frequence", errors, required=True)
    else:
        heure = _integer(form, "heure", errors, required=True)
        minute = _integer(form, "minute", errors, required=True)
    fixed = {
        name: _integer(form, name, errors, required=False)
        for name in ("jour_fixe", "mois_fixe", "annee_fixe")
    }
    if errors:
        raise FormError(errors)
    try:
        prog = Programmation(
            jours=tuple(jours),
            heure=heure or 0,
            minute=minute or 0,
            frequence=frequence,
            **fixed,
        )
    except ProgrammationError as exc:
        raise FormError({exc.field_name: exc.reason}) from None
    return Edition(programmation=prog)
