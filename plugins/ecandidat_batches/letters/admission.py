"""eCandidat's admission letter: which candidature gets one, its values, its template, its file name.

What eCandidat does when it promotes a candidature (``CandidatureController``):

* ``getTypeLettre`` (mode ``M``, the mail): no letter when ``TECH_IS_BLOC_LETTRE`` blocks them or the
  commission does not send letters by mail (``tem_mail_lettre_comm``); the admission letter for a
  validated favourable latest decision of a candidature not cancelled and not refused, except while
  the candidate has not answered when ``DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM`` holds letters back;
  the refusal letter for a validated unfavourable one (never the case of a promotion);
* ``downloadLettre``: the values of ``ExportLettreCandidat`` (:func:`values`), the commission's
  signature file as the image ``imageSignature``, ``showSignataire`` false when there is neither a
  signatory nor an image;
* ``MethodUtils.getXDocReportTemplate``: the template of the formation's diploma type
  (``admis-specifique-diplome/lettre_adm_export_template_<cod_tpd_etb>.docx``), else the general one
  (``lettre_adm_export_template.docx``), each in the candidate's language first
  (``..._<langue>.docx``) when it is not the default language (:func:`template_path`);
* ``getNomFichierLettre``: ``lettre_admission-<dossier>_<nom>_<prénom>-<formation>.pdf``.

Where this differs: a formation without a diploma type takes the general template (eCandidat stopped
on it); the campaign's label is the candidate's language's (eCandidat's, outside a candidate's
session, is undefined); the signature image fills its frame in the template with its own proportions
(eCandidat put it at its original size, and failed on a large one).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecandidat_batches.clock import DATE, paris_now, wall_clock
from ecandidat_batches.mails import formats
from ecandidat_batches.mails.templates import Attachment

ADMISSION, REFUSAL = "lettre_adm_export_template", "lettre_refus_export_template"
#: The folders of the per-diploma-type templates (eCandidat's ``TEMPLATE_LETTRE_*_SPEC_DIP_PATH``).
BY_DIPLOMA = {ADMISSION: "admis-specifique-diplome", REFUSAL: "refus-specifique-diplome"}
EXTENSION = ".docx"
#: The Velocity name of the commission's signature image (XDocReport's image field).
IMAGE_FIELD = "imageSignature"
DATE_TIME = "%d/%m/%Y %H:%M:%S"
#: The ``parametre`` rows that decide whether there is a letter.
BLOC, AFTER_ANSWER = "TECH_IS_BLOC_LETTRE", "DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM"


class LetterError(RuntimeError):
    """A letter that cannot be made (French reason: the template, the image, LibreOffice...)."""


@dataclass(frozen=True)
class Rules:
    """The two ``parametre`` rows of eCandidat's ``getTypeLettre``."""

    bloc: bool = False
    after_answer: bool = False


def letter_type(row: Mapping[str, Any], rules: Rules) -> str | None:
    """eCandidat's ``getTypeLettre`` in mode ``M``: :data:`ADMISSION`, :data:`REFUSAL` or None."""
    if rules.bloc or not row["tem_mail_lettre_comm"] or row["cod_typ_avis"] is None:
        return None
    valid = bool(row["tem_valid_type_dec_cand"])
    not_cancelled = row["dat_annul_cand"] is None
    answer = row["tem_accept_cand"]
    if row["cod_typ_avis"] == "FA" and valid and answer is not False and not_cancelled:
        return None if rules.after_answer and answer is None else ADMISSION
    if row["cod_typ_avis"] == "DE" and valid and not_cancelled:
        return REFUSAL
    return None


def no_letter_reason(row: Mapping[str, Any], rules: Rules) -> str:
    """Why eCandidat would join no admission letter to this candidature's mail (French)."""
    if rules.bloc:
        return f"le paramètre {BLOC} bloque les lettres"
    if not row["tem_mail_lettre_comm"]:
        return "la commission n'envoie pas les lettres par mail"
    if row["cod_typ_avis"] != "FA" or not row["tem_valid_type_dec_cand"]:
        return "la dernière décision n'est pas un avis favorable validé"
    if row["dat_annul_cand"] is not None or row["tem_accept_cand"] is False:
        return "la candidature est annulée ou refusée par le candidat"
    return f"le paramètre {AFTER_ANSWER} attend la réponse du candidat"


def file_name(row: Mapping[str, Any]) -> str:
    """eCandidat's ``getNomFichierLettre`` for the admission letter (``candidature.lettre.file.adm``);
    a ``/`` (impossible in a file name) becomes ``_``."""
    person = f"{row['num_dossier_opi_cpt_min']}_{row['nom_pat_candidat']}_{row['prenom_candidat']}"
    return f"lettre_admission-{person}-{row['cod_form']}.pdf".replace("/", "_").replace("\0", "")


def template_path(
    folder: Path, kind: str, diploma: str | None, langue: str | None, default: str | None
) -> Path | None:
    """eCandidat's ``getXDocReportTemplate``: the first file found of the diploma type's variant
    (in the candidate's language, then as it is), then the general template (the same way)."""

    def find(base: Path, name: str) -> Path | None:
        if langue and langue != default:
            own = base / f"{name}_{langue}{EXTENSION}"
            if own.is_file():
                return own
        plain = base / f"{name}{EXTENSION}"
        return plain if plain.is_file() else None

    if diploma:
        found = find(folder / BY_DIPLOMA[kind], f"{kind}_{diploma}")
        if found is not None:
            return found
    return find(folder, kind)


def _text(value: Any) -> str:
    """eCandidat's ``formatToExport``: None is the empty text."""
    return "" if value is None else str(value)


def values(row: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """eCandidat's ``ExportLettreCandidat`` for a candidature (the admission letter's ``$data``)."""
    libelle_avis = row["lib_avis_seul"] if row["lib_avis_seul"] is not None else row["lib_avis_langue"]
    comment = row["comment_type_dec_cand"]
    shown = bool(comment) and bool(row["tem_aff_comment_typ_dec"])
    campagne = next((row[k] for k in ("lib_camp_langue", "lib_camp_defaut") if row[k]), row["lib_camp"])
    valid = row["dat_valid_type_dec_cand"]
    return {
        "numeroDossierCandidat": _text(row["num_dossier_opi_cpt_min"]),
        "civiliteCandidat": _text(row["lib_civ"]),
        "nomPatCandidat": _text(row["nom_pat_candidat"]),
        "nomUsuCandidat": _text(row["nom_usu_candidat"]),
        "prenomCandidat": _text(row["prenom_candidat"]),
        "dateNaissanceCandidat": _text(formats.date(row["dat_naiss_candidat"])),
        "adresseCandidat": "\n".join(formats.address_lines(row, "cand_")),
        "libelleCampagne": _text(campagne),
        "libelleCommission": _text(row["lib_comm"]),
        "adresseCommission": "\n".join(formats.address_lines(row)),
        "libelleFormation": _text(row["lib_form"]),
        "codeFormation": _text(row["cod_form"]),
        "dateJuryFormation": _text(formats.date(row["dat_jury_form"])),
        "libelleSignature": _text(row["signataire_comm"]),
        "libelleAvis": _text(libelle_avis),
        "commentaireAvis": comment if shown else None,
        "dateValidationAvis": _text(formats.date(valid)),
        "motifRefus": "",
        "dateLimiteConfirm": _text(formats.date(formats.confirm_deadline(row))),
        "dateHeure": now.strftime(DATE_TIME),
        "date": now.strftime(DATE),
        "isAppel": bool(row["tem_appel_type_dec_cand"]),
        "montantFraisIns": formats.amount(row["mnt_charge_cand"]),
        "complementExo": _text(row["comp_exo_ext_cand"]),
    }


class LetterMaker:
    """Makes admission letters as PDF: templates read once per file (again when changed), one
    converter for the run (started at the first letter), the protection and signature settings.

    :param folder: the templates' folder, laid out as eCandidat's ``template/``.
    :param converter: makes the run's converter (:mod:`.converter`), called at the first letter.
    :param protection: makes, at the first letter, what protects and signs each PDF
        (:class:`~.protection.Protection`); None: neither.
    :param signature_file: reads the commission's signature file (``file_fichier``, ``typ_fichier``,
        ``typ_stockage_fichier``) from eCandidat's file stores.
    """

    def __init__(
        self,
        folder: str | Path,
        converter: Callable[[], Any],
        protection: Any = None,
        signature_file: Callable[[str, str | None, str | None], bytes] | None = None,
        clock: Callable[[], dt.datetime] = paris_now,
    ) -> None:
        self.folder = Path(folder) if folder else None
        self._make_converter = converter
        self._converter: Any = None
        self._make_protection = protection
        self._protection: Any = None
        self.signature_file = signature_file
        self.clock = clock
        self._templates: dict[Path, tuple[float, Any]] = {}
        #: The template of the last letter made (the CLI says which one it used).
        self.last_template: Path | None = None
        self._lock = threading.Lock()
        self.made = 0

    def template(self, row: Mapping[str, Any], kind: str = ADMISSION) -> Any:
        """The template of this candidature (read once per file and modification)."""
        from ecandidat_batches.letters.document import Template, TemplateError

        if self.folder is None:
            raise LetterError(
                "dossier des modèles de lettres non configuré ([ecandidat] letter_template_dir)"
            )
        path = template_path(self.folder, kind, row["cod_tpd_etb"], row["cod_langue"], row["langue_defaut"])
        if path is None:
            raise LetterError(f"aucun modèle {kind}{EXTENSION} dans {self.folder}")
        stamp = path.stat().st_mtime
        cached = self._templates.get(path)
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, Template(path.read_bytes(), str(path), IMAGE_FIELD))
            except TemplateError as exc:
                raise LetterError(str(exc)) from exc
            self._templates[path] = cached
        self.last_template = path
        return cached[1]

    def image(self, row: Mapping[str, Any]) -> bytes | None:
        """The commission's signature file, or None when it has none."""
        if row["signature_file"] is None:
            return None
        if self.signature_file is None:
            raise LetterError("fichiers d'eCandidat non configurés : signature de la commission illisible")
        try:
            return self.signature_file(row["signature_file"], row["signature_typ_fichier"],
                                       row["signature_typ_stockage"])  # fmt: skip
        except Exception as exc:
            raise LetterError(
                f"signature de la commission illisible ({row['signature_file']}) : {exc}"
            ) from exc

    def docx(self, row: Mapping[str, Any]) -> bytes:
        """The filled Word document of a candidature's admission letter."""
        from ecandidat_batches.letters.document import Bean, TemplateError

        template = self.template(row)
        data = values(row, wall_clock(self.clock()))
        image = self.image(row)
        context = {
            "data": Bean(data),
            "showSignataire": not (data["libelleSignature"] == "" and image is None),
        }
        try:
            return bytes(template.fill(context, image))
        except TemplateError as exc:
            raise LetterError(str(exc)) from exc

    def pdf(self, row: Mapping[str, Any]) -> bytes:
        """The letter as eCandidat sends it: filled, converted, protected and signed."""
        document = self.docx(row)
        with self._lock:  # one conversion at a time through the run's converter
            if self._converter is None:
                self._converter = self._make_converter()
            try:
                pdf = bytes(self._converter.convert(document))
            except Exception as exc:
                raise LetterError(str(exc)) from exc
        if self._make_protection is not None:
            try:
                if self._protection is None:
                    self._protection = self._make_protection()
                pdf = bytes(self._protection.apply(pdf))
            except Exception as exc:  # a setting (keystore, permission names) or the PDF itself
                raise LetterError(str(exc)) from exc
        self.made += 1
        return pdf

    def close(self) -> None:
        """Stop the converter (LibreOffice)."""
        converter, self._converter = self._converter, None
        if converter is not None:
            converter.close()

    def __enter__(self) -> LetterMaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PendingLetter:
    """A mail's letter, made when the mail is sent (the outbox asks for it then).

    :param maker: makes it; None in a dry run (nothing is made).
    :param kind: :data:`ADMISSION` (a promotion's); a refusal letter is not made by this package.
    """

    def __init__(self, maker: LetterMaker | None, row: Mapping[str, Any], kind: str = ADMISSION) -> None:
        self.maker = maker
        self.row = row
        self.kind = kind
        self.name = file_name(row) if kind == ADMISSION else f"lettre_refus-{file_name(row)[17:]}"

    def build(self) -> Attachment:
        if self.kind != ADMISSION:
            raise LetterError(
                "la lettre de refus n'est pas faite par ce paquet (la décision est défavorable)"
            )
        if self.maker is None:
            raise LetterError("aucune lettre n'est faite par une simulation")
        return Attachment(self.name, self.maker.pdf(self.row))


def configured_maker(
    clock: Callable[[], dt.datetime] = paris_now, converter: Callable[[], Any] | None = None
) -> LetterMaker:
    """The letters as the settings and the ``ecandidat_pdf`` connection say; what they configure is
    read at the first letter (a wrong setting fails each letter, never the mails).

    :param converter: makes the converter; default LibreOffice through unoserver, as configured.
    """
    from ecandidat_batches import settings
    from ecandidat_batches.letters.converter import UnoConverter

    def signature_file(path: str, typ_fichier: str | None, typ_stockage: str | None) -> bytes:
        from ecandidat_batches.files.stores import configured_stores

        return bytes(configured_stores().of(typ_fichier, typ_stockage).read(path))

    return LetterMaker(
        settings.letter_template_dir(),
        converter or (lambda: UnoConverter(settings.letter_python(), settings.letter_soffice())),
        protection=configured_protection,
        signature_file=signature_file,
        clock=clock,
    )


def configured_protection() -> Any:
    """eCandidat's ``pdf.crypt.*`` and ``pdf.signature.*`` from the settings and the connection."""
    from ecandidat_batches import settings
    from ecandidat_batches.letters.protection import Protection, Signature, forbidden

    keystore_password, owner_password = _pdf_secrets()
    keystore = settings.letter_keystore_path()
    signature = None
    if keystore and keystore_password:  # eCandidat signs only when both are set
        name, location, reason, contact = settings.letter_signature_texts()
        signature = Signature(Path(keystore), keystore_password, name, location, reason, contact)
    return Protection(owner_password, forbidden(settings.letter_pdf_forbidden()), signature)


def _pdf_secrets() -> tuple[str, str]:
    """The ``ecandidat_pdf`` connection's password and ``crypt_password`` (empty when it is absent)."""
    from airflow.sdk import BaseHook

    from ecandidat_batches.connections import PDF_CONN_ID

    try:
        conn = BaseHook.get_connection(PDF_CONN_ID)
    except Exception:  # not defined: neither signed nor protected, as eCandidat without the settings
        return "", ""
    return conn.password or "", str(conn.extra_dejson.get("crypt_password") or "")
