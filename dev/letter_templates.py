"""Admission letter templates in eCandidat's format, written with python-docx, for the tests, the
benchmarks and ``make run``: Word MERGEFIELDs holding Velocity, as a university writes them in Word
(instructions split over several runs, simple fields, ``\\* MERGEFORMAT``), ``#if`` … ``#end`` over
paragraphs, ``@before-row`` / ``@after-row`` in a table, the signature picture in a bookmark
``imageSignature``, a header with a field; the per-language and per-diploma-type variants laid out as
eCandidat's ``template/`` folder.

``python -m dev.letter_templates FOLDER`` writes them into FOLDER.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

#: Every field of eCandidat's ExportLettreCandidat, with the label the general template shows it by.
FIELDS = {
    "numeroDossierCandidat": "Dossier",
    "civiliteCandidat": "Civilité",
    "nomPatCandidat": "Nom",
    "nomUsuCandidat": "Nom d'usage",
    "prenomCandidat": "Prénom",
    "dateNaissanceCandidat": "Né(e) le",
    "libelleCampagne": "Campagne",
    "libelleCommission": "Commission",
    "LibelleFormation": "Formation",  # a capital first letter, as eCandidat's own sample writes it
    "codeFormation": "Code formation",
    "dateJuryFormation": "Jury le",
    "libelleAvis": "Avis",
    "dateValidationAvis": "Avis validé le",
    "dateLimiteConfirm": "À confirmer avant le",
    "isAppel": "Appel",
    "date": "Fait le",
    "dateHeure": "Édité le",
}
#: The variants' titles (the tests find which template made a letter by its title).
TITLES = {
    "lettre_adm_export_template.docx": "LETTRE D'ADMISSION",
    "lettre_adm_export_template_en.docx": "ADMISSION LETTER",
    "admis-specifique-diplome/lettre_adm_export_template_MAST.docx": "LETTRE D'ADMISSION EN MASTER",
    "admis-specifique-diplome/lettre_adm_export_template_MAST_en.docx": "MASTER ADMISSION LETTER",
}


def png(width: int = 300, height: int = 100, colour: tuple[int, int, int] = (20, 40, 160)) -> bytes:
    """A small PNG (a signature, or the template's placeholder picture)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).line([(10, height - 20), (width // 2, 15), (width - 10, height - 30)],
                               fill=colour, width=6)  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _w() -> str:
    from docx.oxml.ns import nsdecls

    return nsdecls("w")


def _run(inner: str, bold: bool = False) -> Any:
    from docx.oxml import parse_xml

    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return parse_xml(f"<w:r {_w()}>{props}{inner}</w:r>")


def text(paragraph: Any, value: str, bold: bool = False) -> None:
    paragraph._p.append(_run(f'<w:t xml:space="preserve">{escape(value)}</w:t>', bold))


def field(paragraph: Any, code: str, *, bold: bool = False) -> None:
    """A MERGEFIELD as Word writes one typed in: runs, its instruction split over three runs."""
    instruction = f" MERGEFIELD  {code} \\* MERGEFORMAT "
    paragraph._p.append(_run('<w:fldChar w:fldCharType="begin"/>', bold))
    for piece in (instruction[:8], instruction[8:16], instruction[16:]):
        paragraph._p.append(_run(f'<w:instrText xml:space="preserve">{escape(piece)}</w:instrText>', bold))
    paragraph._p.append(_run('<w:fldChar w:fldCharType="separate"/>', bold))
    paragraph._p.append(_run(f"<w:t>«{escape(code)}»</w:t>", bold))
    paragraph._p.append(_run('<w:fldChar w:fldCharType="end"/>', bold))


def simple_field(paragraph: Any, code: str) -> None:
    """A MERGEFIELD as a ``w:fldSimple`` (Word writes both kinds)."""
    from docx.oxml import parse_xml

    instruction = quoteattr(f" MERGEFIELD  {code} ")
    paragraph._p.append(
        parse_xml(
            f"<w:fldSimple {_w()} w:instr={instruction}><w:r><w:t>«{escape(code)}»</w:t></w:r></w:fldSimple>"
        )
    )


def _signature_frame(document: Any, width_cm: float = 5.0, height_cm: float = 2.5) -> None:
    """The signature picture's frame: a placeholder picture inside the bookmark ``imageSignature``."""
    from docx.oxml import parse_xml
    from docx.shared import Cm

    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(f'<w:bookmarkStart {_w()} w:id="7" w:name="imageSignature"/>'))
    paragraph.add_run().add_picture(io.BytesIO(png(200, 200, (200, 200, 200))), width=Cm(width_cm),
                                    height=Cm(height_cm))  # fmt: skip
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {_w()} w:id="7"/>'))


def general(title: str) -> bytes:
    """The general template: every field in place, the conditional blocks, a table, the signature."""
    import docx

    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    text(header, "En-tête : ")
    simple_field(header, "$data.libelleCommission")
    document.add_heading(title, level=1)
    for name, label in FIELDS.items():
        paragraph = document.add_paragraph()
        text(paragraph, f"{label} : ")
        (simple_field if name.startswith("date") else field)(paragraph, f"$data.{name}")
        text(paragraph, " ;")
    for name, label in (
        ("adresseCandidat", "Adresse du candidat"),
        ("adresseCommission", "Adresse de la commission"),
    ):
        paragraph = document.add_paragraph()
        text(paragraph, f"{label} : ")
        field(paragraph, f"$data.{name}")
    # #if … #end over three paragraphs (the comment's only when the decision's type shows it)
    simple_field(document.add_paragraph("Avant le commentaire."), "#if($data.commentaireAvis)")
    paragraph = document.add_paragraph()
    text(paragraph, "Commentaire : ")
    field(paragraph, "$data.commentaireAvis")
    closing = document.add_paragraph()
    field(closing, "#end")
    text(closing, "Après le commentaire.")
    # a comparison, quotes and all, as a university writes one
    paragraph = document.add_paragraph()
    simple_field(paragraph, '#if($data.codeFormation == "M1-HIST")')
    text(paragraph, "Formation d'histoire.")
    simple_field(paragraph, "#else")
    text(paragraph, "Autre formation.")
    simple_field(paragraph, "#end")
    # a table: the fees' row only when there are fees (XDocReport's @before-row / @after-row)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Frais d'inscription"
    cell = table.cell(0, 1).paragraphs[0]
    field(cell, "@before-row#if($data.montantFraisIns)")
    field(cell, "$data.montantFraisIns")
    text(cell, " euros")
    field(cell, "@after-row#end")
    table.cell(1, 0).text = "Exonération"
    field(table.cell(1, 1).paragraphs[0], "$data.complementExo")
    table.cell(2, 0).text = "Fin du tableau"
    table.cell(2, 1).text = "ligne gardée"
    # the signatory's block, shown when there is a signatory or an image (showSignataire)
    simple_field(document.add_paragraph(), "#if($showSignataire)")
    paragraph = document.add_paragraph()
    text(paragraph, "Signataire : ")
    field(paragraph, "$data.libelleSignature")
    _signature_frame(document)
    simple_field(document.add_paragraph(), "#end")
    document.add_paragraph("FIN DE LA LETTRE")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def variant(title: str) -> bytes:
    """A variant (a language's, a diploma type's): its title and a few fields."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    paragraph = document.add_paragraph()
    field(paragraph, "$data.prenomCandidat")
    text(paragraph, " ")
    field(paragraph, "$data.nomPatCandidat")
    text(paragraph, " — ")
    field(paragraph, "$data.libelleFormation")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_templates(folder: Path, names: tuple[str, ...] = tuple(TITLES)) -> Path:
    """Write the templates named (paths under ``folder``, as eCandidat's ``template/``)."""
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            general(TITLES[name]) if name == "lettre_adm_export_template.docx" else variant(TITLES[name])
        )
    return folder


if __name__ == "__main__":
    print(write_templates(Path(sys.argv[1])))
