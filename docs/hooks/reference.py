"""MkDocs hook: the reference parts of the pages, generated from the code at every build.

A page asks for a part with an HTML comment; the hook replaces it with Markdown built from the
package's own declarations, so that the documentation cannot drift from what the code reads:

- ``<!-- ecandidat:reglages -->``: every ``[ecandidat]`` setting (``settings.SETTINGS``);
- ``<!-- ecandidat:connexions -->``: every Airflow connection (``connections.CONNECTIONS``);
- ``<!-- ecandidat:batches -->``: the table of the batches (the registry);
- ``<!-- ecandidat:fiche BATCH_CODE -->``: one batch's card: label, default programmation, timeout,
  dry run, ``parametre`` rows, settings and connections it uses.

An unknown marker or batch code fails the build. The text is French: these pages are the admins'.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from ecandidat_batches.connections import CONNECTIONS  # noqa: E402
from ecandidat_batches.schedule.registry import BATCHES  # noqa: E402
from ecandidat_batches.settings import SECTION, SETTINGS  # noqa: E402

MARKER = re.compile(r"<!--\s*ecandidat:(?P<part>[a-z]+)(?:\s+(?P<arg>\S+))?\s*-->")
KINDS = {"str": "texte", "bool": "booléen (True ou False)", "int": "entier", "float": "nombre"}
CONFIGURATION = "admin/configuration.md"
CONNEXIONS = "admin/connexions.md"
#: The header of the two-column tables (a property and its value).
PROPERTIES = ("| Propriété | Valeur |", "|---|---|")


def batch_page(code: str) -> str:
    """The page of a batch, relative to the docs folder."""
    return f"batches/{code.lower()}.md"


def _link(here: str, target: str, anchor: str = "") -> str:
    """A link from page ``here`` to page ``target`` (both relative to the docs folder)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".") + (f"#{anchor}" if anchor else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(value: object) -> str:
    if value == "":
        return "*(vide)*"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`"


def _batches(here: str, codes: tuple[str, ...]) -> str:
    if not codes:
        return "tous"
    return ", ".join(f"[{code}]({_link(here, batch_page(code))})" for code in codes)


def reglages(here: str) -> str:
    """Every ``[ecandidat]`` setting: a summary table, then one section each."""
    out = ["| Réglage | Type | Défaut |", "|---|---|---|"]
    out += [
        f"| [`{s.name}`](#{s.name}) | {KINDS[s.kind]} | {_default(s.default)} |" for s in SETTINGS.values()
    ]
    for s in SETTINGS.values():
        rows = [
            ("Type", KINDS[s.kind]),
            ("Défaut", _default(s.default)),
            ("Valeurs", s.valeurs),
            ("Variable d'environnement", f"`AIRFLOW__{SECTION.upper()}__{s.name.upper()}`"),
            (
                "Propriété d'eCandidat remplacée",
                ", ".join(f"`{p.strip()}`" for p in s.ecandidat.split(",") if p),
            ),
            ("Batches concernés", _batches(here, s.batches)),
        ]
        out += ["", f"### `{s.name}` {{#{s.name}}}", "", _cell(s.sens), "", *PROPERTIES]
        out += [f"| {name} | {_cell(value)} |" for name, value in rows if value]
    return "\n".join(out)


def connexions(here: str) -> str:
    """Every connection: a summary table, then one section each (fields, extras, an example)."""
    out = ["| Connexion | Type | Batches |", "|---|---|---|"]
    out += [
        f"| [`{c.conn_id}`](#{c.conn_id}) | {c.conn_type} | {_batches(here, c.batches)} |"
        for c in CONNECTIONS.values()
    ]
    for c in CONNECTIONS.values():
        out += ["", f"### `{c.conn_id}` {{#{c.conn_id}}}", "", _cell(c.sens), "", *PROPERTIES]
        kind, _, note = c.conn_type.partition(" ")
        out += [f"| Type de connexion | `{kind}` {note} |", f"| Variable d'environnement | `{c.env_var}` |"]
        if c.ecandidat:
            out.append(f"| Configuration d'eCandidat remplacée | {_cell(c.ecandidat)} |")
        out += ["", "| Champ | Contenu |", "|---|---|"]
        out += [f"| `{name}` | {_cell(meaning)} |" for name, meaning in c.champs.items()]
        if c.extras:
            out += ["", "| Extra | Sens | Défaut |", "|---|---|---|"]
            out += [f"| `{e.name}` | {_cell(e.sens)} | {_cell(e.defaut)} |" for e in c.extras]
        if c.exemple:
            out += ["", "```sh", f"export {c.env_var}='{json.dumps(c.exemple, ensure_ascii=False)}'", "```"]
    return "\n".join(out)


def batches(here: str) -> str:
    """The table of the batches, from the registry."""
    out = [
        "| Batch | Libellé | Programmation par défaut | En service | Simulation |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| [{b.code}]({_link(here, batch_page(b.code))}) | {b.libelle}{_ajoute(b)} | "
        f"{b.programmation.libelle()} | {'oui' if b.en_service else 'non'} | "
        f"{'oui' if b.dry_run else 'non'} |"
        for b in BATCHES.values()
    ]
    return "\n".join(out)


def _ajoute(batch: Any) -> str:
    """The mark of a batch eCandidat does not have."""
    return " *(ajouté par ce paquet, absent d'eCandidat)*" if batch.ajoute else ""


def _duration(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h" if not rest else f"{int(seconds) // 60} min"


def fiche(here: str, code: str | None) -> str:
    """One batch's card, from the registry and the declarations of settings and connections."""
    if code not in BATCHES:
        raise PluginError(f"{here}: ecandidat:fiche {code!r} is no batch of the registry")
    b = BATCHES[code]
    own = [s for s in SETTINGS.values() if code in s.batches]
    conns = [c for c in CONNECTIONS.values() if code in c.batches]
    rows = [
        ("Code", f"`{b.code}` (l'identifiant du DAG)"),
        ("Libellé", b.libelle + _ajoute(b)),
        ("Programmation par défaut", b.programmation.libelle()),
        ("En service par défaut", "oui" if b.en_service else "non"),
        ("Durée maximale d'une exécution", f"{_duration(b.timeout.total_seconds())} (dagrun_timeout)"),
        ("Simulation (dry_run)", "oui" if b.dry_run else "non"),
        ("Lignes de la table parametre", ", ".join(f"`{p}`" for p in b.parametres)),
        (
            "Réglages [ecandidat]",
            ", ".join(
                [
                    *(f"[`{s.name}`]({_link(here, CONFIGURATION, s.name)})" for s in own),
                    f"[ceux de tous les batches]({_link(here, CONFIGURATION)})",
                ]
            ),
        ),
        (
            "Connexions",
            ", ".join(f"[`{c.conn_id}`]({_link(here, CONNEXIONS, c.conn_id)})" for c in conns),
        ),
        ("Fichier du DAG", f"`dags/{b.dag_file}`"),
    ]
    out = list(PROPERTIES)
    out += [f"| {name} | {_cell(value)} |" for name, value in rows if value]
    return "\n".join(out)


def render(part: str, arg: str | None, here: str) -> str:
    """The Markdown of one marker."""
    if part == "fiche":
        return fiche(here, arg)
    parts = {"reglages": reglages, "connexions": connexions, "batches": batches}
    if part not in parts or arg is not None:
        raise PluginError(f"{here}: unknown marker ecandidat:{part} {arg or ''}".rstrip())
    return parts[part](here)


def on_page_markdown(markdown: str, page: Any, **_kwargs: Any) -> str:
    """Replace every marker of the page with its generated Markdown."""
    here = page.file.src_uri
    return MARKER.sub(lambda m: render(m["part"], m["arg"], here), markdown)
