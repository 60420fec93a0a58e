"""The admission letter's template, filled as XDocReport fills eCandidat's (no LibreOffice here): the
fields Word writes (split runs, simple fields), Velocity 1.7's rules, #if over paragraphs and table
rows, the signature image in its frame; the template's variant chosen as eCandidat chooses it; the
PDF's protection and signature as eCandidat's PdfManager."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from dev.letter_templates import FIELDS, TITLES, field, general, png, simple_field, text, write_templates

from ecandidat_batches.letters.admission import ADMISSION, Rules, file_name, letter_type, template_path
from ecandidat_batches.letters.document import Bean, Template, TemplateError, field_code
from ecandidat_batches.letters.protection import (
    PERMISSIONS,
    Protection,
    ProtectionError,
    Signature,
    forbidden,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VALUES: dict[str, Any] = {
    name[:1].lower() + name[1:]: f"<{name}>" for name in FIELDS if name not in ("isAppel", "codeFormation")
} | {
    "codeFormation": "M1-HIST", "isAppel": False, "adresseCandidat": "1 rue A\n54000 NANCY",
    "adresseCommission": "Faculté", "commentaireAvis": None, "montantFraisIns": None, "complementExo": "",
    "libelleSignature": "La présidente", "nomPatCandidat": "O'Brien & <Fils>", "motifRefus": "",
}  # fmt: skip


def paragraphs(docx: bytes) -> list[str]:
    """The document's paragraphs' text, line breaks as \\n, table cells included, in order."""
    import docx as python_docx
    from lxml import etree

    body = python_docx.Document(io.BytesIO(docx)).element.body
    texts = (p.iter(f"{W}t", f"{W}br") for p in body.iter(f"{W}p"))
    out = ["".join("\n" if n.tag == f"{W}br" else n.text or "" for n in nodes) for nodes in texts]
    assert etree.tostring(body)  # well-formed
    return out


def fill(values: dict[str, Any] = VALUES, image: bytes | None = None, show: bool = True) -> bytes:
    template = Template(general(TITLES["lettre_adm_export_template.docx"]), "lettre_adm_export_template.docx")
    return template.fill({"data": Bean(values), "showSignataire": show}, image)


def test_every_field_filled_escaped_in_place_and_no_velocity_left() -> None:
    lines = paragraphs(fill())
    text_all = "\n".join(lines)
    assert "Nom : O'Brien & <Fils> ;" in lines, "escaped into the XML, read back as written"
    assert "Formation : <LibelleFormation> ;" in lines, "$data.LibelleFormation: Java's getter, any case"
    assert "Appel : false ;" in lines, "a Boolean written as Java writes it"
    assert "Adresse du candidat : 1 rue A\n54000 NANCY" in lines, "the address's lines as line breaks"
    for name, label in FIELDS.items():
        assert any(line.startswith(f"{label} : ") and line.endswith(" ;") for line in lines), name
    assert "$data" not in text_all
    assert "«" not in text_all
    assert "MERGEFIELD" not in text_all
    assert "#if" not in text_all
    assert "#end" not in text_all


def test_if_blocks_across_paragraphs_and_table_rows_as_xdocreport() -> None:
    lines = paragraphs(fill())
    # null comment: from #if to #end removed, the first paragraph's start and the last one's end joined
    assert "Avant le commentaire.Après le commentaire." in lines
    assert not any(line.startswith("Commentaire") for line in lines)
    assert "Formation d'histoire." in lines
    assert "Autre formation." not in "".join(lines)
    assert not any("Frais d'inscription" in line for line in lines), "@before-row: the row removed"
    assert "ligne gardée" in lines
    shown = paragraphs(fill(VALUES | {"commentaireAvis": "Très bon dossier", "montantFraisIns": "243,5"}))
    assert "Commentaire : Très bon dossier" in shown
    assert "243,5 euros" in shown
    assert "Frais d'inscription" in shown
    # Velocity 1.7: the empty text is true; only null and false are false
    assert "Exonération" in shown


def _drawings(docx: bytes) -> list[tuple[int, int, str]]:
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx))
    out = []
    for inline in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"
    ):
        extent = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
        blip = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
        r_id = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        out.append((int(extent.get("cx")), int(extent.get("cy")), document.part.related_parts[r_id].blob))
    return out


def test_the_signature_image_fills_its_frame_with_its_proportions_or_is_removed() -> None:
    signature = png(300, 100)
    ((cx, cy, blob),) = _drawings(fill(image=signature))
    assert blob == signature
    frame_cx, frame_cy = 1800000, 900000  # the template's frame: 5 cm x 2.5 cm
    assert cx == frame_cx, "as wide as the frame"
    assert cy == frame_cx // 3, "its own height (3:1)"
    assert frame_cy >= cy
    tall = png(100, 200)
    ((cx, cy, _),) = _drawings(fill(image=tall))
    assert (cx, cy) == (frame_cy // 2, frame_cy), "as high as the frame"
    assert _drawings(fill(image=None)) == [], "no image: the frame removed"
    assert "Signataire : La présidente" in paragraphs(fill(image=None))
    assert not any("Signataire" in line for line in paragraphs(fill(image=None, show=False)))


def test_field_instructions_as_xdocreport_reads_them() -> None:
    assert field_code(" MERGEFIELD  $data.date ") == "$data.date"
    assert field_code(" MERGEFIELD  $data.date \\* MERGEFORMAT ") == "$data.date"
    assert field_code(" MERGEFIELD $data.date \\* MERGEF") == "$data.date", "a MERGEFORMAT cut short"
    assert field_code(' MERGEFIELD "#if($x == \\"a\\")" ') == '#if($x == "a")'
    assert field_code(" PAGE ") is None


def _template_with(code: str) -> bytes:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    text(paragraph, "avant ")
    simple_field(paragraph, code)
    field(document.add_paragraph(), "$data.nomPatCandidat")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_broken_template_is_named_with_what_is_wrong() -> None:
    with pytest.raises(
        TemplateError, match=r"modèle cassé\.docx : Velocity invalide dans /word/document\.xml"
    ):
        Template(_template_with("#if($data.nomPatCandidat"), "cassé.docx")
    with pytest.raises(TemplateError, match="illisible"):
        Template(b"not a word file", "vide.docx")
    import docx

    document = docx.Document()
    simple_field(document.add_paragraph(), "#if($data.x)")
    table = document.add_table(rows=1, cols=1)
    simple_field(table.cell(0, 0).paragraphs[0], "#end")
    out = io.BytesIO()
    document.save(out)
    across = Template(out.getvalue(), "niveaux.docx")
    with pytest.raises(TemplateError, match="même niveau"):
        across.fill({"data": Bean({"x": None})})


def test_the_template_variant_chosen_as_ecandidat(tmp_path: Path) -> None:
    folder = write_templates(tmp_path)
    diploma = folder / "admis-specifique-diplome"

    def chosen(code: str | None, langue: str) -> str:
        found = template_path(folder, ADMISSION, code, langue, "fr")
        assert found is not None
        return str(found.relative_to(folder))

    assert chosen(None, "fr") == "lettre_adm_export_template.docx"
    assert chosen(None, "en") == "lettre_adm_export_template_en.docx"
    assert chosen("LICE", "en") == "lettre_adm_export_template_en.docx", "no variant for that diploma"
    assert chosen("MAST", "fr") == "admis-specifique-diplome/lettre_adm_export_template_MAST.docx"
    assert chosen("MAST", "en") == "admis-specifique-diplome/lettre_adm_export_template_MAST_en.docx"
    assert chosen("MAST", "de") == "admis-specifique-diplome/lettre_adm_export_template_MAST.docx"
    (diploma / "lettre_adm_export_template_MAST_en.docx").unlink()
    assert chosen("MAST", "en") == "admis-specifique-diplome/lettre_adm_export_template_MAST.docx", (
        "the diploma's variant before the general template's language"
    )
    (folder / "lettre_adm_export_template.docx").unlink()
    assert template_path(folder, ADMISSION, None, "fr", "fr") is None


ROW = {"tem_mail_lettre_comm": True, "cod_typ_avis": "FA", "tem_valid_type_dec_cand": True,
       "tem_accept_cand": None, "dat_annul_cand": None}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "rules", "expected"),
    [
        ({}, Rules(), ADMISSION),
        ({"tem_accept_cand": True}, Rules(after_answer=True), ADMISSION),
        ({}, Rules(after_answer=True), None),  # held back until the candidate answers
        ({}, Rules(bloc=True), None),
        ({"tem_mail_lettre_comm": False}, Rules(), None),
        ({"tem_accept_cand": False}, Rules(), None),
        ({"dat_annul_cand": dt.datetime(2026, 6, 1)}, Rules(), None),
        ({"tem_valid_type_dec_cand": False}, Rules(), None),
        ({"cod_typ_avis": "LC"}, Rules(), None),
        ({"cod_typ_avis": "DE"}, Rules(), "lettre_refus_export_template"),
    ],
)
def test_which_candidature_gets_a_letter_as_ecandidat(
    change: dict[str, Any], rules: Rules, expected: Any
) -> None:
    assert letter_type(ROW | change, rules) == expected


def test_the_file_name_as_ecandidat() -> None:
    row = {"num_dossier_opi_cpt_min": "EC0042", "nom_pat_candidat": "DE LA TOUR", "prenom_candidat": "Léa",
           "cod_form": "M1/HIST"}  # fmt: skip
    assert file_name(row) == "lettre_admission-EC0042_DE LA TOUR_Léa-M1_HIST.pdf"


# -- the PDF: protection and signature as eCandidat's PdfManager ----------------------------------------


def _blank_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out)
    return out.getvalue()


def pdfbox_p(refused: set[str]) -> int:
    """PDFBox's AccessPermission bits (all allowed: -4), each refused permission's bit cleared."""
    bits = {"Print": 3, "Modify": 4, "ExtractContent": 5, "ModifyAnnotations": 6, "FillInForm": 9,
            "ExtractForAccessibility": 10, "AssembleDocument": 11, "PrintDegraded": 12}  # fmt: skip
    value = -4
    for name in refused:
        value &= ~(1 << (bits[name] - 1))
    return value


@pytest.mark.parametrize(
    "refused", [set(), {"ExtractContent", "ExtractForAccessibility"}, {"Print", "Modify"}]
)
def test_permissions_as_ecandidat_s(refused: set[str]) -> None:
    import pikepdf

    protected = Protection("proprio", forbidden(",".join(sorted(refused)))).apply(_blank_pdf())
    with pikepdf.open(io.BytesIO(protected)) as pdf:  # opened without a password
        assert pdf.is_encrypted
        assert (pdf.encryption.R, pdf.encryption.bits) == (3, 128), "PDFBox 2.0's 128-bit key: RC4, R3"
        # Print refused: no printing at all, as readers read PDFBox's bits (qpdf clears both)
        effective = refused | ({"PrintDegraded"} if "Print" in refused else set())
        assert pdfbox_p(effective) == pdf.encryption.P
        for name, attr in PERMISSIONS.items():
            assert getattr(pdf.allow, attr) is (name not in effective), name
    with pikepdf.open(io.BytesIO(protected), password="proprio") as pdf:
        assert pdf.owner_password_matched
    assert Protection().apply(_blank_pdf()) == _blank_pdf(), "no owner password: no protection"
    with pytest.raises(ValueError, match="Imprimer inconnu"):
        forbidden("Print,Imprimer")


def keystore(path: Path, password: str) -> Any:
    """A PKCS#12 keystore with a self-signed certificate (keytool's, in eCandidat's comment)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Université de test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ecandidat", key, cert, None, serialization.BestAvailableEncryption(password.encode())))  # fmt: skip
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def verify(pdf: bytes, certificate: Any) -> Any:
    """The PDF's one signature, checked against ``certificate`` as the trusted root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    if reader.encrypted:
        reader.decrypt("")
    (signature,) = reader.embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[certificate]))
    return signature, status


def test_the_signature_verifies_after_the_protection(tmp_path: Path) -> None:
    certificate = keystore(tmp_path / "keystore.p12", "secret")
    texts = Signature(tmp_path / "keystore.p12", "secret", "Université Esup", "Nancy", "Lettre d'admission",
                      "scolarite@univ.example.fr")  # fmt: skip
    signed = Protection("proprio", forbidden("ExtractContent"), texts).apply(_blank_pdf())
    signature, status = verify(signed, certificate)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert str(signature.sig_object["/SubFilter"]) == "/adbe.pkcs7.detached", "PDFBox's"
    assert (str(signature.sig_object["/Name"]), str(signature.sig_object["/Location"])) == (
        "Université Esup",
        "Nancy",
    )
    assert str(signature.sig_object["/Reason"]) == "Lettre d'admission"
    assert str(signature.sig_object["/ContactInfo"]) == "scolarite@univ.example.fr"
    import pikepdf

    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert pdf.allow.extract is False, "still protected after the signature"
    wrong = Protection(signature=Signature(tmp_path / "keystore.p12", "wrong"))
    with pytest.raises(ProtectionError, match=r"keystore de signature illisible"):
        wrong.apply(_blank_pdf())
