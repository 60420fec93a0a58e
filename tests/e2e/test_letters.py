"""BATCH_DESIST_AUTO's admission letter on both engines: the promoted candidate's mail reaches a real
SMTP server with the PDF LibreOffice made from the university's template (every value in place, the
variant eCandidat would choose, its permissions, its signature); a letter that cannot be made leaves
the mail without it and fails the run naming it; the dry run and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dev.fakes.smtp import RecordingSmtp
from dev.letter_templates import FIELDS, TITLES, png, write_templates
from tests.e2e.test_confirmation import DESIST, NOW, TODAY, cand, days_ago, decide, run
from tests.unit.test_letter_document import keystore, pdfbox_p, verify

from ecandidat_batches.jobs import confirmation
from ecandidat_batches.letters.admission import LetterMaker, configured_maker
from ecandidat_batches.letters.converter import UnoConverter
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.sender import MailSender

SENDER = "noreply@univ.example.org"
SIGNATURE = png(300, 100)


class _Shared:
    """The session's LibreOffice, lent to each maker (which would close its own)."""

    def __init__(self, converter: UnoConverter) -> None:
        self.converter = converter

    def convert(self, docx: bytes) -> bytes:
        return self.converter.convert(docx)

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def libreoffice() -> Iterator[UnoConverter]:
    with UnoConverter("/usr/bin/python3") as converter:
        yield converter


@pytest.fixture
def letters(demo_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, libreoffice: UnoConverter) -> Any:
    """The demo's commission sends its letters by mail, with a signatory and a signature file in the
    gestionnaire store; the templates in a folder; a keystore and an owner password."""
    db = demo_db
    folder = write_templates(tmp_path / "template")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LETTER_TEMPLATE_DIR", str(folder))
    (tmp_path / "gestionnaire" / "signatures").mkdir(parents=True)
    (tmp_path / "gestionnaire" / "signatures" / "comm1.png").write_bytes(SIGNATURE)
    (tmp_path / "candidat").mkdir()
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(tmp_path / "candidat"))
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT_GESTIONNAIRE", str(tmp_path / "gestionnaire"))
    db.execute(
        "INSERT INTO fichier (id_fichier, cod_fichier, nom_fichier, file_fichier, typ_fichier,"
        " typ_stockage_fichier, auteur_fichier, dat_cre_fichier)"
        " VALUES (900, 'SIGN-COMM', 'signature.png', 'signatures/comm1.png', 'G', 'F', 'test', %s)",
        (NOW.replace(tzinfo=None),),
    )
    db.execute("UPDATE commission SET tem_mail_lettre_comm = TRUE, id_fichier = 900,"
               " signataire_comm = 'La présidente du jury'")  # fmt: skip
    certificate = keystore(tmp_path / "keystore.p12", "secret-du-keystore")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LETTER_KEYSTORE_PATH", str(tmp_path / "keystore.p12"))
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LETTER_SIGNATURE_NAME", "Université Esup")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LETTER_SIGNATURE_REASON", "Lettre d'admission")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LETTER_PDF_FORBIDDEN", "Modify,AssembleDocument")
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_PDF", json.dumps(
        {"conn_type": "generic", "password": "secret-du-keystore", "extra": {"crypt_password": "proprio"}}))  # fmt: skip
    return certificate, folder, libreoffice


def promote(db: Any) -> int:
    """M1-HIST's first candidate withdrawn: the head of its list (candidat 3) is promoted."""
    db.execute("UPDATE formation SET dat_confirm_form = %s, delai_confirm_list_comp_form = 5"
               " WHERE cod_form = 'M1-HIST'", (TODAY - dt.timedelta(days=1),))  # fmt: skip
    decide(db, cand(db, 1, "M1-HIST"), "AVIS_FAVORABLE", days_ago(2))
    db.execute("UPDATE commission SET tem_alert_list_princ_comm = FALSE")
    return cand(db, 3, "M1-HIST")


def maker(libreoffice: UnoConverter) -> LetterMaker:
    return configured_maker(clock=lambda: NOW, converter=lambda: _Shared(libreoffice))


def send(db: Any, journal: outbox.Journal, letters: LetterMaker) -> Any:
    with MailSender("smtp_default", SENDER) as sender:
        return confirmation.send(db, code=DESIST, outbox_journal=journal, mail_sender=sender, letters=letters,
                                 clock=lambda: NOW)  # fmt: skip


def pdf_text(pdf: bytes, owner: str = "proprio") -> str:
    """The PDF's text (pdftotext), decrypted with the owner password first."""
    import pikepdf

    plain = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf), password=owner) as document:
        document.save(plain)
    done = subprocess.run(["pdftotext", "-", "-"], input=plain.getvalue(), capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def attachments(message: Any) -> list[tuple[str, bytes]]:
    return [(part.get_filename(), part.get_payload(decode=True)) for part in message.iter_attachments()]


def expected(db: Any, id_cand: int) -> dict[str, str]:
    """Each label of the general template and the value eCandidat would put there."""
    (num, nom, prenom, naiss, civ, lib_form, jury) = db.execute(
        "SELECT m.num_dossier_opi_cpt_min, ca.nom_pat_candidat, ca.prenom_candidat, ca.dat_naiss_candidat,"
        " civ.lib_civ, f.lib_form, f.dat_jury_form FROM candidature c JOIN candidat ca ON ca.id_candidat ="
        " c.id_candidat JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min JOIN civilite civ ON civ.cod_civ"
        " = ca.cod_civ JOIN formation f ON f.id_form = c.id_form WHERE c.id_cand = %s", (id_cand,)).fetchone()  # fmt: skip
    (avis,) = db.execute(
        "SELECT t.val_trad FROM formation f JOIN type_decision td ON td.id_typ_dec = f.id_typ_dec_fav_list_comp"
        " JOIN i18n_traduction t ON t.id_i18n = td.id_i18n_lib_typ_dec AND t.cod_langue = 'fr'"
        " WHERE f.cod_form = 'M1-HIST'").fetchone()  # fmt: skip
    (campagne,) = db.execute(
        "SELECT coalesce(t.val_trad, camp.lib_camp) FROM campagne camp LEFT JOIN i18n_traduction t"
        " ON t.id_i18n = camp.id_i18n_libelle_campagne AND t.cod_langue = 'fr' WHERE camp.id_camp = 2").fetchone()  # fmt: skip
    today = TODAY.strftime("%d/%m/%Y")
    return {
        "Dossier": num, "Civilité": civ, "Nom": nom, "Nom d'usage": "", "Prénom": prenom,
        "Né(e) le": naiss.strftime("%d/%m/%Y"), "Campagne": campagne, "Commission": "Commission des sciences",
        "Formation": lib_form, "Code formation": "M1-HIST",
        "Jury le": jury.strftime("%d/%m/%Y") if jury else "", "Avis": avis, "Avis validé le": today,
        "À confirmer avant le": (TODAY + dt.timedelta(days=5)).strftime("%d/%m/%Y"), "Appel": "false",
        "Fait le": today, "Édité le": NOW.strftime("%d/%m/%Y %H:%M:%S"),
    }  # fmt: skip


def test_the_promoted_candidate_s_mail_carries_the_letter(
    demo_db: Any, letters: Any, smtp: RecordingSmtp, tmp_path: Path
) -> None:
    db = demo_db
    certificate, _folder, libreoffice = letters
    promoted = promote(db)
    db.execute("UPDATE candidature SET mnt_charge_cand = 243.5 WHERE id_cand = %s", (promoted,))
    journal = outbox.FileJournal(tmp_path / "mails.json")
    preview = run(db, DESIST, None, dry_run=True)
    (listed,) = [line for line in preview.lignes if f"candidature {promoted}," in line]
    assert "avec la lettre lettre_admission-" in listed
    assert listed.endswith("-M1-HIST.pdf")
    run(db, DESIST, journal)
    summary = send(db, journal, maker(libreoffice))
    assert summary.compteurs["lettres_jointes"] == 1
    (mail,) = [r for r in smtp.received if r.rcpt_tos[0] == "candidat3@example.org"]
    ((name, pdf),) = attachments(mail.message)
    num, nom, prenom = db.execute(
        "SELECT m.num_dossier_opi_cpt_min, ca.nom_pat_candidat, ca.prenom_candidat FROM candidat ca"
        " JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min WHERE ca.id_candidat = 3").fetchone()  # fmt: skip
    assert name == f"lettre_admission-{num}_{nom}_{prenom}-M1-HIST.pdf", "eCandidat's getNomFichierLettre"
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert TITLES["lettre_adm_export_template.docx"] in text, "no diploma type, French: the general one"
    for label, value in expected(db, promoted).items():
        assert " ".join(f"{label} : {value} ;".split()) in text, label
    assert len(FIELDS) == len(expected(db, promoted))
    assert "$data" not in text
    assert "«" not in text
    assert "#if" not in text
    assert "243,5 euros" in text, "the fees' row kept"
    assert "Avant le commentaire.Après le commentaire." in text, "no comment: its block removed"
    assert "Signataire : La présidente du jury" in text
    assert "Adresse du candidat : 3 rue de la Démo 54000" in text.replace("  ", " ")
    # eCandidat's protection (pdf.crypt.interdit) and signature (pdf.signature.*)
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert pdfbox_p({"Modify", "AssembleDocument"}) == document.encryption.P
        assert len(list(document.pages[0].images.values()) + list(document.pages[-1].images.values())) >= 1
    signature, status = verify(pdf, certificate)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert str(signature.sig_object["/Name"]) == "Université Esup"
    assert journal.load() is None, "sent once: the journal is done"


def test_the_variant_ecandidat_chooses_and_the_cli(demo_db: Any, letters: Any, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """The formation's diploma type and the candidate's language choose the template; the CLI writes
    the letter of any candidature, and says when eCandidat would not mail it."""
    from ecandidat_batches.admin import cli

    db = demo_db
    _certificate, _folder, libreoffice = letters
    promoted = promote(db)
    run(db, DESIST, outbox.FileJournal(tmp_path / "mails.json"))

    def letter() -> str:
        path = tmp_path / "lettre.pdf"
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                "ecandidat_batches.letters.admission.configured_maker",
                lambda: configured_maker(clock=lambda: NOW, converter=lambda: _Shared(libreoffice)),
            )
            assert cli.main(["lettre", str(promoted), str(path)]) == 0
        return pdf_text(path.read_bytes())

    assert TITLES["lettre_adm_export_template.docx"] in letter()
    db.execute("INSERT INTO siscol_typ_diplome (cod_tpd_etb, lib_tpd, lic_tpd, typ_siscol, tem_en_sve_tpd)"
               " VALUES ('MAST', 'Master', 'Master', 'D', TRUE)")  # fmt: skip
    db.execute("UPDATE formation SET cod_tpd_etb = 'MAST' WHERE cod_form = 'M1-HIST'")
    assert TITLES["admis-specifique-diplome/lettre_adm_export_template_MAST.docx"] in letter()
    db.execute("UPDATE candidat SET cod_langue = 'en' WHERE id_candidat = 3")
    english = letter()
    assert TITLES["admis-specifique-diplome/lettre_adm_export_template_MAST_en.docx"] in english
    assert "Master 1" in english, "the formation's label in the variant"
    db.execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = 'TECH_IS_BLOC_LETTRE'")
    letter()
    assert (
        "eCandidat ne la joindrait pas au mail (le paramètre TECH_IS_BLOC_LETTRE" in capsys.readouterr().out
    )
    assert cli.main(["lettre", "999999", str(tmp_path / "x.pdf")]) == 2


def test_a_broken_template_sends_the_mail_without_the_letter_and_fails_the_run(
    demo_db: Any, letters: Any, smtp: RecordingSmtp, tmp_path: Path
) -> None:
    db = demo_db
    _certificate, folder, libreoffice = letters
    promoted = promote(db)
    (folder / "lettre_adm_export_template.docx").write_bytes(b"PK not a Word file")
    journal = outbox.FileJournal(tmp_path / "mails.json")
    run(db, DESIST, journal)
    with pytest.raises(confirmation.LettersNotAttachedError) as failed:
        send(db, journal, maker(libreoffice))
    message = str(failed.value)
    assert f"candidature {promoted}" in message
    assert "lettre_adm_export_template.docx illisible" in message
    (mail,) = [r for r in smtp.received if r.rcpt_tos[0] == "candidat3@example.org"]
    assert attachments(mail.message) == [], "sent without it, as eCandidat"
    assert failed.value.summary.compteurs["mails_envoyes"] == 2, "the withdrawal's and the promotion's"
    assert journal.load() is None, "nothing kept: the mail is not sent again"


def test_no_letter_when_ecandidat_s_parameters_say_so(demo_db: Any, letters: Any, tmp_path: Path) -> None:
    """DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM holds the letter back while the promoted candidate has not
    answered (always, after a promotion); TECH_IS_BLOC_LETTRE blocks every letter."""
    db = demo_db
    promoted = promote(db)
    for code in ("DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM", "TECH_IS_BLOC_LETTRE"):
        db.execute("UPDATE parametre SET val_param = 'N' WHERE cod_param IN"
                   " ('DOWNLOAD_IS_LETTRE_ADM_APRES_CONFIRM', 'TECH_IS_BLOC_LETTRE')")  # fmt: skip
        db.execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = %s", (code,))
        preview = run(db, DESIST, None, dry_run=True)
        (listed,) = [line for line in preview.lignes if f"candidature {promoted}," in line]
        assert "lettre" not in listed, code


KILLED = """
import os, sys, time
sys.path[:0] = sys.argv[1:]
from ecandidat_batches.letters.converter import UnoConverter
converter = UnoConverter("/usr/bin/python3")
converter.start()
print(converter._process.pid, flush=True)
time.sleep(600)
"""


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_a_killed_task_leaves_no_libreoffice() -> None:
    """The task's process killed (SIGKILL, as the crash tests do): its converter and LibreOffice stop."""
    import os
    import signal
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    task = subprocess.Popen([sys.executable, "-c", KILLED, str(root / "plugins"), str(root)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    pgid = 0
    try:
        pgid = int(task.stdout.readline())  # type: ignore[union-attr]
        assert len(_group(pgid)) >= 2, "unoserver and LibreOffice run"
        os.kill(task.pid, signal.SIGKILL)
        task.wait()
        deadline = time.monotonic() + 30
        while _group(pgid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _group(pgid) == [], "no LibreOffice left behind"
    finally:
        if task.poll() is None:
            task.kill()
        if pgid and _group(pgid):  # what this test started, left by a failure
            os.killpg(pgid, signal.SIGKILL)
