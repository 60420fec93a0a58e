"""eCandidat's mails: its templates, rendered by its rules, sent through Airflow's SMTP provider.

Used by the candidature batches' mails (BATCH_DESIST_AUTO, BATCH_RELANCE_FAVO, through
:mod:`ecandidat_batches.mails.candidature` and :mod:`ecandidat_batches.mails.outbox`). What eCandidat's
``MailController`` does, and where this differs:

* a template is a ``mail`` row in service (``tes_mail``), its subject and body ``i18n_traduction`` rows:
  the only one when there is one, else the candidate's language when it is in service, else the
  default language's (eCandidat returned nothing there, and failed);
* ``{if($var)}…{endif($var)}`` blocks are removed when ``var`` is empty, and only their tags when it is
  not, first block first, by :func:`remove_ifs` (eCandidat's ``deleteIfFromMail``, quirks included:
  a block without its ``{endif}`` stops the processing there);
* ``${var}`` is replaced by the value of each variable the mail knows (others stay as written); in
  the body the values are HTML-escaped (eCandidat put them in as they were), and a value is taken
  literally (eCandidat's ``replaceAll`` read ``$1`` or ``\\`` in a value as regex syntax);
* the footer of the language (``mail.footer``) ends the body; HTML, UTF-8.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.transactions import transaction

#: The SQL files this module runs (a job that uses it declares them too).
SQL = ("mails/templates.sql",)

#: eCandidat's ``mail.footer`` (messages_fr / messages_en).
FOOTERS = {
    "fr": "<br><br><small><i>Ce courriel a été envoyé automatiquement, merci de ne pas y répondre.</i>"
    "</small>",
    "en": "<br><br><small><i>This e-mail was sent automatically. Do not reply.</i></small>",
}
_IF, _IF_END, _ENDIF = "{if($", ")}", "{endif($"


class Html(str):
    """A value that is HTML already (the commission's address lines joined by ``<br>``, each escaped):
    put in the body as it is."""

    __slots__ = ()


class MailError(RuntimeError):
    """A mail that cannot be built or sent; the message names it."""


@dataclass(frozen=True)
class Template:
    """A mail's subject and body in one language."""

    cod_mail: str
    langue: str
    subject: str
    body: str


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail (eCandidat's ``PdfAttachement``): its name and content."""

    name: str
    data: bytes


class Deferred(Protocol):
    """An attachment made when its mail is sent, from the database as it is then (the admission
    letter); :meth:`build` raises with a French reason when it cannot be made."""

    name: str

    def build(self) -> Attachment: ...


@dataclass(frozen=True)
class Mail:
    """One rendered mail, ready to send (its ``deferred`` attachment made just before)."""

    cod_mail: str
    to: tuple[str, ...]
    subject: str
    html: str
    bcc: tuple[str, ...] = ()
    #: What the mail is about (a candidature id...), for the run's report.
    about: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    deferred: Deferred | None = None


def remove_ifs(text: str, values: Mapping[str, str | None]) -> str:
    """eCandidat's ``{if($var)}…{endif($var)}`` rule, applied until nothing changes."""
    while True:
        start = text.find(_IF)
        if start == -1:
            return text
        end = text.find(_IF_END, start + len(_IF))
        if end == -1:
            return text
        name = text[start + len(_IF) : end]
        if not name:
            return text
        opening, closing = f"{_IF}{name}{_IF_END}", f"{_ENDIF}{name}{_IF_END}"
        if values.get(name):
            text = text.replace(opening, "").replace(closing, "")
            continue
        close = text.find(closing, end + len(_IF_END))
        if close == -1:
            return text  # eCandidat stopped there too
        text = text.replace(text[start : close + len(closing)], "")


def fill(text: str, values: Mapping[str, str | None], *, escape: bool) -> str:
    """``${var}`` replaced by each known variable's value (empty when None), literally."""
    for name, value in values.items():
        shown = "" if value is None else str(value)
        if escape and not isinstance(value, Html):
            shown = html.escape(shown)
        text = text.replace("${" + name + "}", shown)
    return text


def render(template: Template, values: Mapping[str, str | None]) -> tuple[str, str]:
    """The subject (plain text) and the HTML body, footer included."""
    subject = fill(remove_ifs(template.subject, values), values, escape=False)
    body = fill(remove_ifs(template.body, values), values, escape=True)
    return " ".join(subject.split()), body + FOOTERS.get(template.langue, FOOTERS["fr"])


def templates(conn: Any, codes: list[str]) -> dict[tuple[str, str], Template]:
    """The templates in service of these mails, by (code, language), each language that has both a
    subject and a body, and under ``(code, "")`` the one to use when the candidate's language has none
    (the only translation, or the default language's)."""
    with transaction(conn) as cur:  # every mail's texts: a few hundred short rows
        return read_templates(cur, codes)


def read_templates(cur: Any, codes: list[str]) -> dict[tuple[str, str], Template]:
    """:func:`templates` in an open transaction (a dry run's, which must not commit)."""
    rows = sqlfiles.execute(cur, "mails/templates.sql").fetchall()
    parts: dict[tuple[str, str], dict[str, str]] = {}
    defaults: dict[str, str] = {}
    for cod_mail, part, langue, text, in_service, default in rows:
        if cod_mail not in codes:
            continue
        if in_service or default:
            parts.setdefault((cod_mail, langue), {})[part] = text or ""
        if default:
            defaults[cod_mail] = langue
    out: dict[tuple[str, str], Template] = {}
    for (cod_mail, langue), texts in parts.items():
        if {"sujet", "corps"} <= texts.keys():
            out[(cod_mail, langue)] = Template(cod_mail, langue, texts["sujet"], texts["corps"])
    for cod_mail in codes:
        only = [k for k in out if k[0] == cod_mail]
        if len(only) == 1:
            out[(cod_mail, "")] = out[only[0]]
        elif (cod_mail, defaults.get(cod_mail, "")) in out:
            out[(cod_mail, "")] = out[(cod_mail, defaults[cod_mail])]
    return out


def template_for(found: Mapping[tuple[str, str], Template], cod_mail: str, langue: str | None) -> Template:
    """The candidate's language, else the fallback; a mail out of service or without text is an error."""
    template = found.get((cod_mail, langue or "")) or found.get((cod_mail, ""))
    if template is None:
        raise MailError(f"mail {cod_mail} : hors service ou sans sujet et corps dans la langue par défaut")
    return template
