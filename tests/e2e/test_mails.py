"""eCandidat's mails: its templates from the nomenclature (both engines), its rendering rules, and a
real SMTP server that records what it receives (byte-level headers and body)."""

from __future__ import annotations

from typing import Any

import pytest
from dev.fakes.smtp import RecordingSmtp

from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import (
    FOOTERS,
    Mail,
    MailError,
    Template,
    remove_ifs,
    render,
    template_for,
    templates,
)

RELANCE = "CANDIDATURE_RELANCE_FAVO"


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("a{if($x)}b${x}{endif($x)}c", {"x": "1"}, "ab${x}c"),
        ("a{if($x)}b${x}{endif($x)}c", {"x": ""}, "ac"),
        ("a{if($x)}b{endif($x)}c{if($x)}d{endif($x)}e", {"x": None}, "ace"),
        ("{if($x)}1{if($y)}2{endif($y)}3{endif($x)}!", {"x": "v", "y": ""}, "13!"),
        ("a{if($x)}b, never closed", {"x": ""}, "a{if($x)}b, never closed"),  # eCandidat stops there
        ("no block", {}, "no block"),
    ],
)
def test_if_blocks_as_ecandidat(text: str, values: dict[str, Any], expected: str) -> None:
    assert remove_ifs(text, values) == expected


def test_render_escapes_the_body_s_values_literally_and_adds_the_footer() -> None:
    template = Template(RELANCE, "fr", "Relance ${formation.libelle}", "<p>${candidat.nom} : ${montant}</p>")
    subject, body = render(template, {"formation.libelle": "Master 1 <Histoire>", "candidat.nom": "O'Brien & Fils",
                                      "montant": "$1 \\2"})  # fmt: skip
    assert subject == "Relance Master 1 <Histoire>"
    assert body == "<p>O&#x27;Brien &amp; Fils : $1 \\2</p>" + FOOTERS["fr"]


def test_templates_from_ecandidat_s_tables(app_db: Any) -> None:
    found = templates(app_db, [RELANCE, "CANDIDATURE_DESIST_AUTO", "UNKNOWN"])
    fr = template_for(found, RELANCE, "fr")
    assert fr.langue == "fr"
    assert "${formation.libelle}" in fr.body or "${" in fr.body
    assert template_for(found, RELANCE, "en") == fr, "no English text: the default language's"
    with pytest.raises(MailError, match="mail UNKNOWN : hors service"):
        template_for(found, "UNKNOWN", "fr")
    # A translation in a language in service is preferred; out of service, the default one.
    ids = app_db.execute("SELECT id_i18n_sujet_mail, id_i18n_corps_mail FROM mail WHERE cod_mail = %s",
                         (RELANCE,)).fetchone()  # fmt: skip
    for id_i18n, text in zip(ids, ("Reminder", "<p>Please confirm</p>"), strict=True):
        app_db.execute("INSERT INTO i18n_traduction (id_i18n, cod_langue, val_trad) VALUES (%s, 'en', %s)",
                       (id_i18n, text))  # fmt: skip
    assert template_for(templates(app_db, [RELANCE]), RELANCE, "en").langue == "fr", "en is off"
    app_db.execute("UPDATE langue SET tes_langue = TRUE WHERE cod_langue = 'en'")
    english = template_for(templates(app_db, [RELANCE]), RELANCE, "en")
    assert (english.subject, english.body) == ("Reminder", "<p>Please confirm</p>")
    app_db.execute("UPDATE mail SET tes_mail = FALSE WHERE cod_mail = %s", (RELANCE,))
    assert templates(app_db, [RELANCE]) == {}


def test_sent_as_ecandidat_html_utf8_bcc_in_the_envelope_only(smtp: RecordingSmtp) -> None:
    mail = Mail("CANDIDATURE_RELANCE_FAVO", ("lea@example.org",), "Attente de confirmation sur eCandidat",
                "<p>Bonjour Léa</p>", bcc=("scol@univ.fr",), about="candidature 42")  # fmt: skip
    with MailSender("smtp_default", "noreply@univ.fr") as sender:
        sender.send(mail)
    (got,) = smtp.received
    assert got.mail_from == "noreply@univ.fr"
    assert got.rcpt_tos == ["lea@example.org", "scol@univ.fr"]
    msg = got.message
    assert (msg["From"], msg["To"], msg["Subject"]) == ("noreply@univ.fr", "lea@example.org", mail.subject)
    assert msg["Bcc"] is None, "the BCC in the envelope only"
    body = msg.get_body(("html",))
    assert body is not None
    assert body.get_content_charset() == "utf-8"
    assert body.get_content() == "<p>Bonjour Léa</p>"


def test_a_refused_recipient_fails_that_mail_only(smtp: RecordingSmtp) -> None:
    smtp.refused.add("gone@example.org")
    with MailSender("smtp_default", "noreply@univ.fr") as sender:
        with pytest.raises(MailError, match=r"mail X à gone@example.org \(candidature 1\) non envoyé"):
            sender.send(Mail("X", ("gone@example.org",), "s", "b", about="candidature 1"))
        sender.send(Mail("X", ("ok@example.org",), "s", "b"))
    assert [r.rcpt_tos for r in smtp.received] == [["ok@example.org"]]
