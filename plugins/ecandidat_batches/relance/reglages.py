"""BATCH_RELANCE_TRANSMISSION's settings: the delays, the formations, the mail; validated in French.

An admin edits them without code, on the Batches page (the batch's "Réglages de la relance") or with
the CLI (``cli relance``); both write through the page's locked route (:mod:`ecandidat_batches.admin.
relance`). They are stored in one Airflow Variable, :data:`VARIABLE_KEY`, a JSON object with the
fields of :meth:`Reglages.to_dict`: nothing is added to eCandidat's database, as the programmations'
overrides. A bad value is refused with a message naming the field and the value, and nothing is saved;
a value edited by hand that does not read makes the run fail, naming the Variable and what is wrong,
before any mail.

The mail is a template in eCandidat's style (a subject and an HTML body with eCandidat's ``${...}``
variables of candidature mails and its ``{if($var)}…{endif($var)}`` blocks, rendered by
:func:`ecandidat_batches.mails.templates.render`), the package's default (:data:`DEFAULT_SUJET`,
:data:`DEFAULT_CORPS`) until an admin writes another. A variable eCandidat does not know is refused
(eCandidat would leave it as written in every mail).
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecandidat_batches.mails.templates import Template

VARIABLE_KEY = "ecandidat_batches_relance_transmission"
DESCRIPTION = "Réglages de BATCH_RELANCE_TRANSMISSION (délais, formations, mail)"
#: The mail's code, as eCandidat names its mails (the journal's pairs and the run's report).
KIND = "CANDIDATURE_RELANCE_TRANSMISSION"

DEFAULT_DELAIS = (7, 2)
DEFAULT_SUJET = "Votre candidature n'est pas encore transmise sur eCandidat"
DEFAULT_CORPS = (
    "Bonjour ${candidat.prenom} ${candidat.nomPat},<br><br>"
    "Votre candidature à la formation '${formation.libelle}' (dossier '${candidat.numDossierOpi}') "
    "n'a pas encore été transmise. Pour qu'elle soit étudiée, vous devez la transmettre avant le "
    "${formation.datRetour} : connectez-vous à eCandidat, complétez votre dossier puis cliquez sur "
    "« Transmettre ma candidature »."
    "{if($commission.mail)}<br><br>Pour toute question, la commission ${commission.libelle} : "
    "${commission.mail}.{endif($commission.mail)}"
)

#: The form's and the messages' names of the fields.
LABELS = {
    "delais": "Délais (jours avant la date limite)",
    "formations": "Formations",
    "sujet": "Objet du mail",
    "corps": "Corps du mail",
    "reglages": "Réglages",
}
MAX_DELAI = 365
MAX_DELAIS = 10
#: ``formation.cod_form`` is a ``varchar(50)``; a university has a few thousand formations at most.
MAX_CODE = 50
MAX_FORMATIONS = 5000
MAX_SUJET = 500
MAX_CORPS = 20_000
#: The stored value: far beyond what a valid one takes is a mistake, refused before it is parsed.
MAX_BYTES = 512 * 1024

_SEPARATORS = re.compile(r"[\s,;]+")
_VARIABLE = re.compile(r"\$\{([^{}]*)\}")
_IF = re.compile(r"\{(if|endif)\(\$([^()]*)\)\}")


class ReglagesError(ValueError):
    """Settings that cannot be stored or used; ``errors`` maps each field to its French reason."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        order = list(LABELS)
        self.errors = dict(sorted(errors.items(), key=lambda e: order.index(e[0]) if e[0] in order else 99))
        super().__init__("; ".join(f"{LABELS.get(k, k)} : {v}" for k, v in self.errors.items()))


@functools.cache
def variables() -> tuple[str, ...]:
    """The variables of eCandidat's candidature mails (``CandidatureMailBean``), as the package
    fills them (:func:`ecandidat_batches.mails.candidature.values`)."""
    from ecandidat_batches.mails.candidature import values

    return tuple(values(defaultdict(lambda: None), "fr", own_language=True))


def _shown(text: str, size: int = 30) -> str:
    """A value quoted in a message, cut to a readable length."""
    flat = " ".join(text.split())
    return f"« {flat} »" if len(flat) <= size else f"« {flat[:size]}… » ({len(text)} caractères)"


def delais_of(value: str | Sequence[Any]) -> tuple[int, ...]:
    """The delays as an admin gives them ("7, 2", or a list): in days, largest first, each once.

    :raises ReglagesError: naming the value that is not a number of days.
    """
    items = [t for t in _SEPARATORS.split(value) if t] if isinstance(value, str) else list(value)
    if not items:
        raise ReglagesError({"delais": "au moins un délai, en jours (par exemple « 7, 2 »)"})
    found: set[int] = set()
    for item in items:
        text = str(item)
        if isinstance(item, bool) or not (isinstance(item, int) or re.fullmatch(r"\d{1,9}", text)):
            raise ReglagesError(
                {"delais": f"{_shown(text)} n'est pas un nombre de jours (entier de 0 à {MAX_DELAI})"}
            )
        if not 0 <= int(text) <= MAX_DELAI:
            raise ReglagesError({"delais": f"{_shown(text, 12)} jours hors limites (de 0 à {MAX_DELAI})"})
        found.add(int(text))
    if len(found) > MAX_DELAIS:
        raise ReglagesError({"delais": f"{len(found)} délais : {MAX_DELAIS} au plus"})
    return tuple(sorted(found, reverse=True))


def formations_of(value: str | Sequence[Any]) -> tuple[str, ...]:
    """The formations' codes (``cod_form``) as an admin gives them, separated by commas or spaces;
    none means every formation.

    :raises ReglagesError: naming the code that cannot be one.
    """
    items = [t for t in _SEPARATORS.split(value) if t] if isinstance(value, str) else list(value)
    codes: set[str] = set()
    for item in items:
        if not isinstance(item, str) or not item or _SEPARATORS.search(item):
            raise ReglagesError({"formations": f"code de formation invalide {_shown(str(item))}"})
        if len(item) > MAX_CODE:
            raise ReglagesError({"formations": f"{_shown(item)} : code de plus de {MAX_CODE} caractères"})
        if not item.isprintable():
            raise ReglagesError({"formations": f"{_shown(item)} : caractère non imprimable"})
        codes.add(item)
    if len(codes) > MAX_FORMATIONS:
        raise ReglagesError({"formations": f"{len(codes)} formations : {MAX_FORMATIONS} au plus"})
    return tuple(sorted(codes))


def template_problem(text: str) -> str | None:
    """Why a subject or body cannot be a mail template here, or None: an unknown ``${variable}``, an
    ``{if($var)}`` of an unknown variable, without its ``{endif($var)}``, or an ``{endif}`` alone."""
    known = set(variables())
    for name in _VARIABLE.findall(text):
        if name not in known:
            return f"variable inconnue ${{{name[:40]}}} (voir la liste des variables d'eCandidat)"
    opened: list[str] = []
    for tag, name in _IF.findall(text):
        if name not in known:
            return f"variable inconnue dans {{{tag}(${name[:40]})}}"
        if tag == "if":
            opened.append(name)
        elif name in opened:
            opened.remove(name)
        else:
            return f"{{endif(${name})}} sans son {{if(${name})}} avant"
    if opened:
        return f"{{if(${opened[0]})}} sans son {{endif(${opened[0]})}}"
    return None


def _text(errors: dict[str, str], name: str, value: Any, limit: int) -> str | None:
    """A subject or body: None (the default) stays None; text must be a non-empty valid template."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors[name] = f"texte attendu, reçu {type(value).__name__}"
        return None
    if not value.strip():
        errors[name] = "valeur obligatoire (ou le modèle par défaut)"
    elif len(value) > limit:
        errors[name] = f"{len(value)} caractères, {limit} au plus"
    elif "\x00" in value:
        errors[name] = "caractère nul refusé"
    else:
        problem = template_problem(value)
        if problem:
            errors[name] = problem
    return value


@dataclass(frozen=True)
class Reglages:
    """The batch's settings; built only valid (the constructor checks every field at once).

    :param delais: days before the return deadline a reminder goes, largest first.
    :param formations: the formations' codes concerned; empty: every formation.
    :param sujet: the mail's subject; None: :data:`DEFAULT_SUJET`.
    :param corps: the mail's HTML body; None: :data:`DEFAULT_CORPS`.
    """

    delais: tuple[int, ...] = DEFAULT_DELAIS
    formations: tuple[str, ...] = ()
    sujet: str | None = None
    corps: str | None = None

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        for name, parse in (("delais", delais_of), ("formations", formations_of)):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, Sequence):
                errors[name] = f"liste attendue, reçu {type(value).__name__}"
                continue
            try:
                object.__setattr__(self, name, parse(value))
            except ReglagesError as exc:
                errors |= exc.errors
        # The default's own text is stored as "the default": a later default follows.
        sujet = _text(errors, "sujet", self.sujet, MAX_SUJET)
        corps = _text(errors, "corps", self.corps, MAX_CORPS)
        object.__setattr__(self, "sujet", None if sujet == DEFAULT_SUJET else sujet)
        object.__setattr__(self, "corps", None if corps == DEFAULT_CORPS else corps)
        if errors:
            raise ReglagesError(errors)

    @classmethod
    def from_fields(cls, delais: str, formations: str, sujet: str | None, corps: str | None) -> Reglages:
        """From the page's or the CLI's text fields; every problem reported at once."""
        errors: dict[str, str] = {}
        parsed: dict[str, Any] = {}
        for name, text, parse in (("delais", delais, delais_of), ("formations", formations, formations_of)):
            try:
                parsed[name] = parse(text)
            except ReglagesError as exc:
                errors |= exc.errors
        try:
            made = cls(parsed.get("delais", DEFAULT_DELAIS), parsed.get("formations", ()), sujet, corps)
        except ReglagesError as exc:
            errors = exc.errors | errors
        if errors:
            raise ReglagesError(errors)
        return made

    @classmethod
    def from_dict(cls, data: Any) -> Reglages:
        """From the stored JSON form; unknown keys and wrong types are errors naming the field."""
        if not isinstance(data, Mapping):
            raise ReglagesError({"reglages": f"objet attendu, reçu {type(data).__name__}"})
        unknown = sorted(set(data) - {"delais", "formations", "sujet", "corps"})
        if unknown:
            raise ReglagesError({"reglages": f"champ inconnu {_shown(str(unknown[0]))}"})
        return cls(
            delais=data.get("delais", DEFAULT_DELAIS),
            formations=data.get("formations", ()),
            sujet=data.get("sujet"),
            corps=data.get("corps"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored JSON form (the default texts left out)."""
        out: dict[str, Any] = {"delais": list(self.delais), "formations": list(self.formations)}
        out |= {k: v for k, v in (("sujet", self.sujet), ("corps", self.corps)) if v is not None}
        return out

    @property
    def modele_par_defaut(self) -> bool:
        """Whether the mail is the package's default (subject and body)."""
        return self.sujet is None and self.corps is None

    def template(self) -> Template:
        """The mail's template (French: eCandidat's default language)."""
        return Template(KIND, "fr", self.sujet or DEFAULT_SUJET, self.corps or DEFAULT_CORPS)

    def libelle(self) -> str:
        """In French, for the summary and the CLI: "délais 7, 2 jours ; toutes les formations"."""
        formations = (
            f"formations {', '.join(self.formations)}" if self.formations else "toutes les formations"
        )
        return f"délais {', '.join(map(str, self.delais))} jours ; {formations}"


def parse_stored(raw: str | None) -> Reglages:
    """The stored value (None or blank: the defaults).

    :raises ReglagesError: the value does not read (edited by hand); the message names the Variable.
    """
    if raw is None or not raw.strip():
        return Reglages()
    if len(raw) > MAX_BYTES:
        problem = f"trop volumineuse ({len(raw)} caractères, {MAX_BYTES} au plus)"
    else:
        try:
            return Reglages.from_dict(json.loads(raw))
        except (ValueError, RecursionError) as exc:
            ours = isinstance(exc, ReglagesError)
            problem = str(exc)[:300] if ours else f"JSON invalide ({str(exc)[:100]})"
    raise ReglagesError(
        {
            "reglages": f"la variable {VARIABLE_KEY} ne se lit pas : {problem} ; corrigez-la dans la page "
            f"(Réglages de la relance) ou supprimez-la (airflow variables delete {VARIABLE_KEY})"
        }
    )


def read_variable() -> str | None:
    """The stored value through the Task SDK, as a task reads it (None when unset)."""
    from airflow.sdk import Variable

    value = Variable.get(VARIABLE_KEY, default=None)
    return None if value is None else str(value)
