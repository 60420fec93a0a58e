"""BATCH_RELANCE_TRANSMISSION's settings (validated in French, naming the field and the value) and the
day's record kept in the batch's mail journal (one write with the lot it belongs to)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.templates import render
from ecandidat_batches.relance import reglages
from ecandidat_batches.relance.journal import RemindedJournal
from ecandidat_batches.relance.reglages import Reglages, ReglagesError

TODAY = dt.date(2026, 6, 1)


def test_the_defaults_remind_at_7_and_2_days_every_formation_with_the_package_s_mail() -> None:
    reg = reglages.parse_stored(None)
    assert reg == Reglages() == reglages.parse_stored("  ")
    assert (reg.delais, reg.formations, reg.modele_par_defaut) == ((7, 2), (), True)
    assert reg.libelle() == "délais 7, 2 jours ; toutes les formations"
    assert reglages.template_problem(reglages.DEFAULT_SUJET) is None
    assert reglages.template_problem(reglages.DEFAULT_CORPS) is None
    subject, body = render(
        reg.template(),
        {"candidat.prenom": "Léa", "formation.datRetour": "08/06/2026", "commission.mail": None},
    )
    assert subject == "Votre candidature n'est pas encore transmise sur eCandidat"
    assert "Bonjour Léa" in body
    assert "avant le 08/06/2026" in body
    assert "Pour toute question" not in body, "the commission's block goes with an empty address"


def test_what_an_admin_types_is_read_as_eCandidat_s_codes_and_days() -> None:  # noqa: N802
    reg = Reglages.from_fields(" 2;7 ,7\n0 ", "M1-MIAGE, L3-INFO\nM1-MIAGE", None, None)
    assert reg.delais == (7, 2, 0), "largest first, each once"
    assert reg.formations == ("L3-INFO", "M1-MIAGE")
    assert reg.to_dict() == {"delais": [7, 2, 0], "formations": ["L3-INFO", "M1-MIAGE"]}
    assert Reglages.from_dict(json.loads(json.dumps(reg.to_dict()))) == reg


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        (("7x", "", None, None), "delais", "« 7x » n'est pas un nombre de jours (entier de 0 à 365)"),
        (("", "", None, None), "delais", "au moins un délai"),
        (("366", "", None, None), "delais", "« 366 » jours hors limites (de 0 à 365)"),
        (("-1", "", None, None), "delais", "« -1 » n'est pas un nombre de jours"),
        (("9" * 5000, "", None, None), "delais", "(5000 caractères)"),
        ((",".join(map(str, range(11))), "", None, None), "delais", "11 délais : 10 au plus"),
        (("7", "X" * 51, None, None), "formations", "code de plus de 50 caractères"),
        (("7", "M1\x07MIAGE", None, None), "formations", "caractère non imprimable"),
        (("7", "", "  ", None), "sujet", "valeur obligatoire"),
        (("7", "", "s" * 501, None), "sujet", "501 caractères, 500 au plus"),
        (("7", "", None, "Bonjour ${candidat.nom}"), "corps", "variable inconnue ${candidat.nom}"),
        (
            ("7", "", None, "{if($candidat.ine)}INE"),
            "corps",
            "{if($candidat.ine)} sans son {endif($candidat.ine)}",
        ),
        (
            ("7", "", None, "x{endif($candidat.ine)}"),
            "corps",
            "{endif($candidat.ine)} sans son {if($candidat.ine)}",
        ),
        (("7", "", None, "{if($nom)}x{endif($nom)}"), "corps", "variable inconnue dans {if($nom)}"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_the_value(
    fields: tuple[str, str, str | None, str | None], field: str, reason: str
) -> None:
    with pytest.raises(ReglagesError) as refused:
        Reglages.from_fields(*fields)
    assert list(refused.value.errors) == [field]
    assert reason in refused.value.errors[field]
    assert str(refused.value).startswith(reglages.LABELS[field] + " : ")


def test_every_problem_is_reported_at_once_in_the_form_s_order() -> None:
    with pytest.raises(ReglagesError) as refused:
        Reglages.from_fields("sept", "", "", "${x}")
    assert list(refused.value.errors) == ["delais", "sujet", "corps"]


def test_the_default_texts_are_stored_as_the_default() -> None:
    reg = Reglages.from_fields("7", "", reglages.DEFAULT_SUJET, reglages.DEFAULT_CORPS)
    assert reg.modele_par_defaut
    assert "sujet" not in reg.to_dict()


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("{", "JSON invalide"),
        ("[7, 2]", "objet attendu, reçu list"),
        ('{"delais": "7"}', "liste attendue, reçu str"),
        ('{"delais": [true]}', "« True » n'est pas un nombre de jours"),
        ('{"formations": [7]}', "code de formation invalide « 7 »"),
        ('{"corps": 12}', "texte attendu, reçu int"),
        ('{"delai": [7]}', "champ inconnu « delai »"),
        ("x" * (reglages.MAX_BYTES + 1), "trop volumineuse"),
        ("[" * 100_000, "JSON invalide"),
    ],
)
def test_a_value_edited_by_hand_is_refused_naming_the_variable(raw: str, said: str) -> None:
    with pytest.raises(ReglagesError) as refused:
        reglages.parse_stored(raw)
    message = str(refused.value)
    assert said in message
    assert f"la variable {reglages.VARIABLE_KEY} ne se lit pas" in message
    assert f"airflow variables delete {reglages.VARIABLE_KEY}" in message
    assert len(message) < 700


def test_the_variables_are_ecandidat_s_candidature_mail_variables() -> None:
    names = set(reglages.variables())
    assert {"candidat.prenom", "candidat.numDossierOpi", "formation.libelle", "formation.datRetour"} <= names
    assert "candidat.nom" not in names


# -- the day's record in the journal ---------------------------------------------------------------------


def test_the_record_is_written_with_the_lot_and_kept_by_the_delivery(tmp_path: Path) -> None:
    inner = outbox.FileJournal(tmp_path / "mails.json")
    journal = RemindedJournal(inner)
    assert journal.reminded(TODAY) == set()
    journal.remember(TODAY, {(11, 7), (12, 2)})
    outbox.announce(journal, dt.datetime(2026, 6, 1, 6, 30), [("K", 11), ("K", 12)])
    stored = json.loads(inner.load() or "")
    assert len(stored["lots"]) == 1, "one write: the lot and the record"
    assert stored["relances"] == {"jour": "2026-06-01", "delais": {"2": [12], "7": [11]}}

    sent: list[int] = []

    class Sender:
        def send(self, mail: object) -> None:
            sent.append(1)

    delivery = RemindedJournal(inner)  # the mail task's own
    outbox.deliver(delivery, lambda pairs, _stamp: ["rien"] * len(pairs), Sender())
    assert json.loads(inner.load() or "") == {"lots": [], "relances": stored["relances"]}
    assert RemindedJournal(inner).reminded(TODAY) == {(11, 7), (12, 2)}
    assert RemindedJournal(inner).reminded(TODAY + dt.timedelta(days=1)) == set(), "today's only"


def test_an_earlier_day_s_record_goes_and_an_empty_journal_with_it(tmp_path: Path) -> None:
    inner = outbox.FileJournal(tmp_path / "mails.json")
    journal = RemindedJournal(inner)
    journal.remember(TODAY, {(11, 7)})
    journal.save(None)
    journal.forget_before(TODAY)
    assert inner.load() is not None, "today's record stays"
    RemindedJournal(inner).forget_before(TODAY + dt.timedelta(days=1))
    assert inner.load() is None


def test_a_record_edited_by_hand_is_said_unreadable(tmp_path: Path) -> None:
    inner = outbox.FileJournal(tmp_path / "mails.json")
    inner.save(json.dumps({"lots": [], "relances": {"jour": "hier", "delais": {}}}))
    with pytest.raises(ValueError, match="journal des mails illisible \\(relances"):
        RemindedJournal(inner).reminded(TODAY)


def test_a_record_written_first_by_hand_is_read_too(tmp_path: Path) -> None:
    inner = outbox.FileJournal(tmp_path / "mails.json")
    inner.save('{"relances": {"jour": "2026-06-01", "delais": {"7": [3]}}, "lots": []}')
    assert RemindedJournal(inner).reminded(TODAY) == {(3, 7)}
    journal = RemindedJournal(inner)
    journal.remember(TODAY, {(3, 7), (4, 2)})
    outbox.announce(journal, dt.datetime(2026, 6, 1, 6, 30), [("K", 4)])
    assert RemindedJournal(inner).reminded(TODAY) == {(3, 7), (4, 2)}
    assert outbox.pending(RemindedJournal(inner)) == 1
