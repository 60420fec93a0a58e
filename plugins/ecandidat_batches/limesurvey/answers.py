"""A LimeSurvey export read as eCandidat reads it: the responses decoded, the latest per key kept, and
each one's text in eCandidat's ``key : value{;}`` form (the fixed fields left out). No I/O."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FIXED_FIELDS = frozenset(
    {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "startdate",
        "datestamp",
        "numDossier",
        "idCandidature",
        "seed",
    }
)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.ASCII)


@dataclass
class Latest:
    """The newest response per key of one survey, and what was skipped."""

    candidats: dict[str, tuple[dt.datetime, str | None]] = field(default_factory=dict)
    candidatures: dict[int, tuple[dt.datetime, str | None]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)


def decode_export(raw: bytes) -> list[dict[str, Any]]:
    """The response rows of an export: ``{"responses": [...]}``, each element a row (LimeSurvey 4 and
    later) or a row wrapped in an object keyed by its id (2.x/3.x, eCandidat's ``limesurvey.v3``).

    Both layouts are recognised, element by element, so the connection needs no layout setting.

    :raises ValueError: not JSON, or not that envelope.
    """
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
        raise ValueError('JSON inattendu : {"responses": [...]} attendu')
    rows = []
    for item in data["responses"]:
        if not isinstance(item, dict):
            raise ValueError("JSON inattendu : une réponse n'est pas un objet")
        wrapped = len(item) == 1 and isinstance(next(iter(item.values())), dict)
        rows.append(next(iter(item.values())) if wrapped else item)
    return rows


def parse_date(text: str) -> dt.datetime:
    """A ``submitdate`` read as :data:`DATE_FORMAT` reads it. LimeSurvey writes ``YYYY-MM-DD HH:MM:SS``,
    which ``fromisoformat`` reads ten times faster than ``strptime`` (that was a third of a large
    survey's decoding); anything else goes through ``strptime``, which accepts or refuses it as always.

    :raises ValueError: not a date in that format.
    """
    if _CANONICAL.fullmatch(text):
        return dt.datetime.fromisoformat(text)
    return dt.datetime.strptime(text, DATE_FORMAT)


def answer_text(row: dict[str, Any]) -> str | None:
    """eCandidat's stored form of the answers: ``key : value{;}`` for each non-fixed field, in order."""
    parts = [
        f"{key} : {'null' if value is None else value}{{;}}"
        for key, value in row.items()
        if key not in FIXED_FIELDS
    ]
    return "".join(parts) or None


def select_latest(rows: Iterable[dict[str, Any]]) -> Latest:
    """The newest response per dossier and per candidature, as eCandidat picks them.

    Candidature answers: the rows whose ``idCandidature`` is an integer, the latest per candidature.
    Candidate answers: per dossier, the latest of *all* its rows, kept only when it carries no
    ``idCandidature`` (an empty one included): a dossier whose latest response belongs to a
    candidature gets no candidate answer from its older ones. Every ignored row is counted with why.
    """
    latest = Latest()
    by_dossier: dict[str, tuple[dt.datetime, dict[str, Any]]] = {}
    candidate_level: set[str] = set()
    for row in rows:
        submitted = row.get("submitdate")
        if not submitted:
            latest.skipped["réponse sans submitdate"] += 1
            continue
        try:
            when = parse_date(str(submitted))
        except ValueError:
            latest.skipped["date de soumission illisible"] += 1
            continue
        id_cand = row.get("idCandidature")
        dossier = row.get("numDossier")
        if id_cand is not None:
            try:
                key_cand = int(str(id_cand).strip())
            except ValueError:
                latest.skipped[
                    "idCandidature vide" if not str(id_cand).strip() else "idCandidature non numérique"
                ] += 1
            else:
                current = latest.candidatures.get(key_cand)
                if current is None or when > current[0]:
                    latest.candidatures[key_cand] = (when, answer_text(row))
        if dossier not in (None, ""):
            key_dossier = str(dossier).strip()
            if id_cand is None:
                candidate_level.add(key_dossier)
            newest = by_dossier.get(key_dossier)
            if newest is None or when > newest[0]:
                by_dossier[key_dossier] = (when, row)
        elif id_cand is None:
            latest.skipped["ni numDossier ni idCandidature"] += 1
    for key_dossier, (when, row) in by_dossier.items():
        if row.get("idCandidature") is None:
            latest.candidats[key_dossier] = (when, answer_text(row))
        elif key_dossier in candidate_level:
            latest.skipped["dossier dont la dernière réponse porte un idCandidature"] += 1
    return latest
