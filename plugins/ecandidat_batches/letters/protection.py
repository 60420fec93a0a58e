"""The letter's PDF protected and signed as eCandidat's ``PdfManager.cryptAndSignPdf`` does.

* Protection (``pdf.crypt.pass``, ``pdf.crypt.interdit``): when an owner password is set, the PDF is
  encrypted with it as PDFBox 2.0 does with a 128-bit key (RC4, revision 3: AES is not its default),
  no password to open it, and every permission allowed but those the
  forbidden list names with eCandidat's words (PDFBox's ``AccessPermission``): ``AssembleDocument``,
  ``ExtractContent``, ``ExtractForAccessibility``, ``FillInForm``, ``Modify``, ``ModifyAnnotations``,
  ``Print``, ``PrintDegraded`` (refusing ``Print`` refuses any printing, as readers read PDFBox's
  bits). Done with pikepdf (qpdf).
* Signature (``pdf.signature.keystore.path``, ``pdf.signature.pass``): when both are set, the PDF is
  signed (after the protection, as an incremental update) with the PKCS#12 keystore's key, a detached
  PKCS#7 signature (``adbe.pkcs7.detached``, PDFBox's) with a name, a place, a reason and a contact
  (eCandidat's ``pdf.signature.nom``, ``lieu``, ``raison``, ``contact.info``). Done with pyHanko.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: eCandidat's permission names (``pdf.crypt.interdit``) -> pikepdf's ``Permissions`` fields.
PERMISSIONS = {
    "AssembleDocument": "modify_assembly",
    "ExtractContent": "extract",
    "ExtractForAccessibility": "accessibility",
    "FillInForm": "modify_form",
    "Modify": "modify_other",
    "ModifyAnnotations": "modify_annotation",
    "Print": "print_lowres",
    "PrintDegraded": "print_highres",
}


class ProtectionError(RuntimeError):
    """The PDF could not be protected or signed (French message naming what failed)."""


def forbidden(value: str) -> frozenset[str]:
    """eCandidat's ``pdf.crypt.interdit`` (comma-separated names); an unknown name is an error."""
    names = frozenset(n.strip() for n in value.split(",") if n.strip())
    unknown = sorted(names - PERMISSIONS.keys())
    if unknown:
        raise ValueError(
            f"[ecandidat] letter_pdf_forbidden : {', '.join(unknown)} inconnu(s) ; valeurs possibles : "
            + ", ".join(PERMISSIONS)
        )
    return names


@dataclass(frozen=True)
class Signature:
    """What the signature says and with what key (eCandidat's ``pdf.signature.*``)."""

    keystore: Path
    password: str
    name: str = ""
    location: str = ""
    reason: str = ""
    contact: str = ""


@dataclass
class Protection:
    """How every letter's PDF is protected and signed.

    :param owner_password: eCandidat's ``pdf.crypt.pass``; empty: no protection.
    :param forbid: the permissions refused (eCandidat's ``pdf.crypt.interdit``).
    :param signature: the keystore and texts; None: not signed.
    """

    owner_password: str = ""
    forbid: frozenset[str] = frozenset()
    signature: Signature | None = None
    _signer: Any = field(default=None, repr=False)

    def apply(self, pdf: bytes) -> bytes:
        """The PDF protected, then signed, as configured."""
        if self.owner_password:
            pdf = self.protect(pdf)
        if self.signature is not None:
            pdf = self.sign(pdf)
        return pdf

    def protect(self, pdf: bytes) -> bytes:
        import pikepdf

        # qpdf knows no printing refused with faithful printing allowed (PDFBox's bits would say so, and
        # readers refuse any printing then): refusing Print refuses both, as readers read eCandidat's.
        refused = self.forbid | ({"PrintDegraded"} if "Print" in self.forbid else set())
        allow = pikepdf.Permissions(**{attr: name not in refused for name, attr in PERMISSIONS.items()})
        out = io.BytesIO()
        try:
            with pikepdf.open(io.BytesIO(pdf)) as document:
                document.save(
                    out, encryption=pikepdf.Encryption(owner=self.owner_password, user="", R=3, aes=False,
                                                       metadata=False, allow=allow),
                )  # fmt: skip
        except pikepdf.PdfError as exc:
            raise ProtectionError(f"protection du PDF impossible : {exc}") from exc
        return out.getvalue()

    def signer(self) -> Any:
        """The keystore's signer, read once."""
        if self._signer is None:
            from pyhanko.sign import signers

            assert self.signature is not None
            keystore = self.signature.keystore
            if not keystore.is_file():
                raise ProtectionError(f"keystore de signature introuvable : {keystore}")
            signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
                str(keystore), passphrase=self.signature.password.encode("utf-8")
            )
            if signer is None:
                raise ProtectionError(
                    f"keystore de signature illisible : {keystore} (fichier PKCS#12 et mot de passe de la "
                    "connexion ecandidat_pdf)"
                )
            self._signer = signer
        return self._signer

    def sign(self, pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        assert self.signature is not None
        texts = self.signature
        metadata = signers.PdfSignatureMetadata(
            field_name="Signature1", name=texts.name or None, location=texts.location or None,
            reason=texts.reason or None, contact_info=texts.contact or None,
            subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED, md_algorithm="sha256",
        )  # fmt: skip
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            if writer.prev.encrypted:
                writer.encrypt(self.owner_password)  # type: ignore[no-untyped-call]
            out = signers.sign_pdf(writer, metadata, signer=self.signer())
        except ProtectionError:
            raise
        except Exception as exc:
            raise ProtectionError(f"signature du PDF impossible : {exc}") from exc
        return bytes(out.getvalue())
