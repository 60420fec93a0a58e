"""BATCH_ASYNC_OPI on the demo data, on both engines: the selection, every field of the OpiMetier request
as a local SOAP server receives it, Apogée's tables read back and the stamping, withdrawals, faults,
lost or ambiguous individuals, a dropped connection, Pégase's files byte for byte, idempotence, SIGKILL
then a rerun, dry runs, and the DAG."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dev.fakes.opi_metier import FakeOpiMetier
from dev.fakes.smtp import RecordingSmtp
from lxml import etree

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.hooks.opi_metier import OpiMetierHook
from ecandidat_batches.jobs import async_opi, confirmation
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import FOOTERS

ROOT = Path(__file__).resolve().parents[2]
NOW = paris_now().replace(hour=22, minute=30, second=0, microsecond=0)
TODAY = NOW.date()
CODE = "BATCH_ASYNC_OPI"


# -- Apogée's database and service -----------------------------------------------------------------


@pytest.fixture(scope="module")
def apogee_dsn(pgdata: Path) -> str:
    """An Apogée-shaped database with IND_OPI, VOEUX_INS and OPI_PJ, beside the eCandidat databases."""
    from tests.fixtures.postgres import apogee_opi_database

    return apogee_opi_database(pgdata, "apogee_opi")


@pytest.fixture
def apogee(apogee_dsn: str, pgdata: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A connection to Apogée's tables, emptied; the Airflow connection apogee_default points there."""
    monkeypatch.setenv("AIRFLOW_CONN_APOGEE_DEFAULT", json.dumps(
        {"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "apogee_opi"}))  # fmt: skip
    with psycopg.connect(apogee_dsn, autocommit=True) as conn:
        conn.execute("TRUNCATE IND_OPI, VOEUX_INS")
        yield conn


@pytest.fixture
def service(apogee_dsn: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpiMetier]:
    with FakeOpiMetier(lambda: psycopg.connect(apogee_dsn)) as fake:
        monkeypatch.setenv("AIRFLOW_CONN_OPI_METIER_DEFAULT", json.dumps(fake.connection(retries=2)))
        yield fake


def apogee_connect(apogee_dsn: str) -> Any:
    return lambda: psycopg.connect(apogee_dsn)


# -- The demo, as an Apogée or Pégase campaign -------------------------------------------------------


def opi_scenario(db: Any, typ: str) -> dict[str, int]:
    """The demo's active campaign in ``typ``'s SI. Its pending OPIs are the accepted L3-INFO candidatures
    of candidats 2, 4 and 6; candidat 2 gets a French bac from a lycée with options, candidat 4 a
    foreign birth and no bac, candidat 6 a student number, an INE with its key and no address; candidat
    1 confirmed M1-HIST then withdrew (an OPI passed earlier, reset by eCandidat: no wish left);
    candidat 10's OPI passed two days ago."""
    db.execute("UPDATE campagne SET typ_siscol = %s WHERE id_camp = 2", (typ,))
    db.execute("INSERT INTO siscol_centre_gestion (cod_cge, lib_cge, lic_cge, typ_siscol, tem_en_sve_cge)"
               " VALUES ('SCI', 'UFR SCIENCES', 'SCIENCES', 'D', TRUE)")  # fmt: skip
    db.execute("UPDATE formation SET cod_cge = 'SCI', cod_dip_apo_form = 'LINFO', cod_vrs_vdi_apo_form = '3',"
               " cod_pegase_form = 'LINF3-P' WHERE cod_form = 'L3-INFO'")  # fmt: skip
    if typ == "P":
        db.execute("UPDATE formation SET typ_siscol = 'P', cod_cge = NULL WHERE cod_form = 'L3-INFO'")
    db.execute("INSERT INTO siscol_pays (cod_pay, lib_pay, lic_pay, lib_nat, typ_siscol, tem_en_sve_pay)"
               " VALUES ('109', 'ALLEMAGNE', 'ALLEMAGNE', 'ALLEMAND', 'D', TRUE)")  # fmt: skip
    db.execute("INSERT INTO siscol_etablissement (cod_etb, cod_tpe_etb, typ_siscol, cod_dep, lib_etb, lic_etb,"
               " tem_en_sve_etb) VALUES ('0540042A', 'LY', 'D', '054', 'LYCEE POINCARE', 'POINCARE', TRUE)")  # fmt: skip
    db.execute("INSERT INTO siscol_mention_niv_bac (cod_mnb, lib_mnb, lic_mnb, typ_siscol, tem_en_sve_mnb)"
               " VALUES ('TB', 'TRES BIEN', 'TB', 'D', TRUE)")  # fmt: skip
    db.execute("INSERT INTO siscol_commune_naiss (cod_com_naiss, typ_siscol, lib_com_naiss, cod_dep,"
               " tem_en_sve_com_naiss) VALUES ('54395', 'D', 'NANCY', '054', TRUE)")  # fmt: skip
    db.execute("UPDATE candidat SET nom_pat_candidat = 'Müller ', prenom_candidat = 'Zoé', autre_pren_candidat"
               " = 'Anaïs', nom_usu_candidat = 'Dupont', cod_dep_naiss_candidat = '054', cod_com_naiss_candidat"
               " = '54395', lib_ville_naiss_candidat = 'Nancy', tel_candidat = '0383000002', tel_port_candidat"
               " = '0600000002' WHERE id_candidat = 2")  # fmt: skip
    db.execute("UPDATE candidat_bac_ou_equ SET cod_dep = '054', cod_etb = '0540042A', cod_mnb = 'TB',"
               " annee_obt_bac = 2023 WHERE id_candidat = 2")  # fmt: skip
    db.execute("UPDATE adresse SET adr2_adr = 'Bât. B; 2e étage', adr3_adr = 'Résidence \"Les Lilas\"',"
               " cedex_adr = NULL WHERE id_adr = 2")  # fmt: skip
    db.execute("UPDATE candidat SET cod_pay_naiss = '109', cod_pay_nat = '109', lib_ville_naiss_candidat ="
               " 'Berlin' WHERE id_candidat = 4")  # fmt: skip
    db.execute("DELETE FROM candidat_bac_ou_equ WHERE id_candidat = 4")
    db.execute("UPDATE candidat SET id_adr = NULL, ine_candidat = '1234567890', cle_ine_candidat = 'a'"
               " WHERE id_candidat = 6")  # fmt: skip
    db.execute("UPDATE compte_minima SET supann_etu_id_cpt_min = '21012345' WHERE id_cpt_min = 6")
    db.execute("UPDATE candidature SET cod_cat_exo_ext = NULL, mnt_charge_cand = 1234.50"
               " WHERE id_candidat = 2")  # fmt: skip
    ids = {n: cand(db, n, "L3-INFO") for n in (2, 4, 6)}
    db.execute(
        "UPDATE opi SET dat_passage_opi = %s, cod_opi = 'ECDEMO0010' WHERE id_cand = %s",
        (wall_clock(NOW) - dt.timedelta(days=2), cand(db, 10, "L3-INFO")),
    )  # passed two days ago
    ids[1] = cand(db, 1, "M1-HIST")
    db.execute("UPDATE candidature SET tem_accept_cand = FALSE, dat_accept_cand = %s WHERE id_cand = %s",
               (wall_clock(NOW) - dt.timedelta(days=1), ids[1]))  # fmt: skip
    db.execute("INSERT INTO opi (id_cand, dat_cre_opi, dat_passage_opi, cod_opi) VALUES (%s, %s, NULL, 'ECDEMO0001')",
               (ids[1], wall_clock(NOW) - dt.timedelta(days=5)))  # fmt: skip
    return ids


def set_param(db: Any, code: str, value: str) -> None:
    assert db.execute("UPDATE parametre SET val_param = %s WHERE cod_param = %s", (value, code)).rowcount == 1


def cand(db: Any, id_candidat: int, cod_form: str) -> int:
    return int(db.execute(
        "SELECT c.id_cand FROM candidature c JOIN formation f ON f.id_form = c.id_form"
        " WHERE c.id_candidat = %s AND f.cod_form = %s", (id_candidat, cod_form)).fetchone()[0])  # fmt: skip


def opis(db: Any) -> dict[int, tuple[Any, Any]]:
    return {int(r[0]): (r[1], r[2]) for r in db.execute(
        "SELECT id_cand, dat_passage_opi, cod_opi FROM opi ORDER BY id_cand").fetchall()}  # fmt: skip


def run(db: Any, typ: str, **kwargs: Any) -> Any:
    db.autocommit = False
    try:
        return async_opi.run(db, code=CODE, typ_siscol=typ, clock=lambda: NOW, **kwargs)
    finally:
        db.autocommit = True


def run_apogee(db: Any, service: FakeOpiMetier, apogee_dsn: str, concurrency: int = 4, **kwargs: Any) -> Any:
    hook = OpiMetierHook(pool_size=concurrency)
    return run(db, "A", opi_metier=hook, apogee=apogee_connect(apogee_dsn), concurrency=concurrency, **kwargs)


def as_dict(node: Any) -> Any:
    """An XML element as nested dicts (lists for repeated ``item``), text for leaves."""
    children = list(node)
    if not children:
        return node.text
    out: dict[str, Any] = {}
    for child in children:
        value = as_dict(child)
        if child.tag == "item":
            out.setdefault("item", []).append(value if value is not None else {})
        else:
            out[child.tag] = value
    return out


def requests_by_code(service: FakeOpiMetier) -> dict[str, dict[str, Any]]:
    out = {}
    for body in service.bodies:
        donnees = etree.fromstring(body).find(".//_donneesOpi")
        out[donnees.findtext("individu/codOpiIntEpo")] = as_dict(donnees)
    return out


# -- Apogée ------------------------------------------------------------------------------------------


def test_apogee_request_fields_verification_and_stamps(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    db = demo_db
    ids = opi_scenario(db, "A")
    set_param(db, "OPI_IS_UTILISE_ADR", "O")
    before = opis(db)
    with pytest.raises(
        async_opi.OpiFailedError, match=r"^1 candidat\(s\) dont les OPI ne sont pas passées"
    ) as failed:
        run_apogee(db, service, apogee_dsn)
    sent = requests_by_code(service)
    # Candidat 6 has no address while OPI_IS_UTILISE_ADR = O: not sent, named, the others go on
    # (eCandidat stopped the batch on him, with a NullPointerException in getAdresseOPI).
    assert set(sent) == {"ECDEMO0001", "ECDEMO0002", "ECDEMO0004"}
    assert opis(db)[ids[6]] == before[ids[6]], "still pending"
    assert any(
        line.endswith(
            "Erreur OPI dossier DEMO0006 : données invalides : adresse manquante : OPI_IS_UTILISE_ADR = O et "
            "le candidat n'a pas d'adresse (adresseFixe) ; renseignez-la dans son dossier"
        )
        for line in failed.value.summary.lignes
    )
    set_param(db, "OPI_IS_UTILISE_ADR", "N")
    service.bodies.clear()
    summary = run_apogee(db, service, apogee_dsn)
    sent |= requests_by_code(service)
    wish = {"numCls": "1", "codCge": "SCI", "codDip": "LINFO", "codVrsVdi": "3", "codEtp": "LINF3",
            "codVrsVet": "101", "codDecVeu": "F", "codDemDos": "C", "temValPsd": "N"}  # fmt: skip
    # A French bac from a lycée, accents and trailing blanks cleaned, the fixed address, an amount.
    assert sent["ECDEMO0002"] == {
        "individu": {
            "codOpiIntEpo": "ECDEMO0002",
            "etatCivil": {"libNomPatIndOpi": "MULLER", "libNomUsuIndOpi": "DUPONT", "libPr1IndOpi": "ZOE",
                          "libPr2IndOpi": "ANAIS", "codSexEtuOpi": "F"},
            "donneesNaissance": {"dateNaiIndOpi": (TODAY - dt.timedelta(days=8000)).strftime("%d%m%Y"),
                                 "temDateNaiRelOpi": "N", "codPayNat": "100", "libVilNaiEtuOpi": "NANCY",
                                 "codTypDepPayNai": "D", "codDepPayNai": "054"},
            "donneesPersonnelles": {"adrMailOpi": "candidat2@example.org", "numTelPorOpi": "0600000002"},
        },
        "bac": {"codBac": "S", "codDep": "054", "codEtb": "0540042A", "codTpe": "LY", "codMention": "TB",
                "daaObtBacOba": "2023"},
        "adresseFixe": {"codBdi": "54000", "codCom": "54395", "codPay": "100", "lib1": "2 rue de la Démo",
                        "lib2": "Bât. B; 2e étage", "lib3": 'Résidence "Les Lilas"', "numTel": "0383000002"},
        "voeux": {"item": [{**wish, "comExoExt": "1234.50"}]},
    }  # fmt: skip
    # Born abroad, no bac (no SCOL_SISCOL_COD_SANS_BAC: no bac element content).
    four = sent["ECDEMO0004"]
    assert four["individu"]["donneesNaissance"] == {
        "dateNaiIndOpi": (TODAY - dt.timedelta(days=8000)).strftime("%d%m%Y"), "temDateNaiRelOpi": "N",
        "codPayNat": "109", "libVilNaiEtuOpi": "BERLIN", "codTypDepPayNai": "P", "codDepPayNai": "109"}  # fmt: skip
    assert four["bac"] is None
    assert four["voeux"] == {"item": [wish]}
    # A student number, INE + key; without OPI_IS_UTILISE_ADR, no adresseFixe.
    six = sent["ECDEMO0006"]
    assert six["individu"]["codEtuOpi"] == "21012345"
    assert six["individu"]["etatCivil"]["codNneIndOpi"] == "1234567890A"
    assert "adresseFixe" not in six
    # Withdrawn, nothing else: one empty wish (how Apogée deletes them).
    assert sent["ECDEMO0001"]["voeux"] == {"item": [{}]}
    # Read back: IND_OPI and VOEUX_INS as the service wrote them; every OPI verified and stamped.
    stamp = wall_clock(NOW)
    after = opis(db)
    for n in (2, 4, 6):
        assert after[ids[n]] == (stamp, f"ECDEMO000{n}"), n
    assert after[ids[1]] == (stamp, "ECDEMO0001")  # the withdrawal, no wish left in Apogée
    assert {k: v for k, v in after.items() if k not in ids.values()} == {
        k: v for k, v in before.items() if k not in ids.values()
    }  # the archived campaign's untouched
    assert apogee.execute("SELECT count(*) FROM VOEUX_INS").fetchone()[0] == 3
    assert summary.compteurs["candidats"] == 1
    assert summary.compteurs["candidats_en_erreur"] == 0


def test_apogee_a_control_character_fails_its_candidate_naming_the_field(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    """A character SOAP's XML cannot carry (here U+0001, pasted into a name; U+000B into an address)
    used to fail the call with "All strings must be XML compatible", naming no field: now the candidate
    fails before any call, the field and eCandidat's column named; the others are sent."""
    db = demo_db
    ids = opi_scenario(db, "A")
    set_param(db, "OPI_IS_UTILISE_ADR", "O")
    db.execute("UPDATE candidat SET nom_pat_candidat = %s WHERE id_candidat = 4", ("Sch\x01midt",))
    db.execute("UPDATE adresse SET adr1_adr = %s WHERE id_adr = 2", ("2 rue\x0bde la Démo",))
    other = db.execute("SELECT id_adr FROM candidat WHERE id_candidat = 1").fetchone()[0]
    assert other not in (None, 2)
    db.execute("UPDATE candidat SET id_adr = %s WHERE id_candidat = 6", (other,))
    with pytest.raises(async_opi.OpiFailedError, match=r"^2 candidat\(s\)") as failed:
        run_apogee(db, service, apogee_dsn)
    assert set(requests_by_code(service)) == {"ECDEMO0001", "ECDEMO0006"}
    lines = failed.value.summary.lignes
    assert any(line.endswith(
        "Erreur OPI dossier DEMO0004 : données invalides : caractère de contrôle U+0001 dans le champ "
        "individu/etatCivil/libNomPatIndOpi (candidat.nom_pat_candidat), position 4 : à corriger dans le "
        "dossier du candidat") for line in lines)  # fmt: skip
    assert any(line.endswith(
        "Erreur OPI dossier DEMO0002 : données invalides : caractère de contrôle U+000B dans le champ "
        "adresseFixe/lib1 (adresse.adr1_adr), position 6 : à corriger dans le dossier du candidat"
    ) for line in lines)  # fmt: skip
    assert opis(db)[ids[4]][0] is None
    assert opis(db)[ids[6]][0] is not None


def test_apogee_rerun_sends_nothing_verified_and_limit(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    db = demo_db
    opi_scenario(db, "A")
    set_param(db, "OPI_NB_BATCH_MAX", "2")
    first = run_apogee(db, service, apogee_dsn)
    # Oldest pending OPI first: the withdrawal (5 days old), then the L3-INFO ones by candidate.
    assert first.compteurs["candidats"] == 2
    assert set(requests_by_code(service)) == {"ECDEMO0001", "ECDEMO0002"}
    run_apogee(db, service, apogee_dsn)
    run_apogee(db, service, apogee_dsn)
    assert set(requests_by_code(service)) == {"ECDEMO0001", "ECDEMO0002", "ECDEMO0004", "ECDEMO0006"}
    assert max(service.calls.values()) == 1  # nothing verified is sent again
    last = run_apogee(db, service, apogee_dsn)
    assert last.compteurs["candidats"] == 0
    assert apogee.execute("SELECT count(*), count(DISTINCT COD_OPI_INT_EPO) FROM IND_OPI").fetchone() == (
        4,
        4,
    )


def test_apogee_failures_are_named_the_others_done_then_resent(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    db = demo_db
    ids = opi_scenario(db, "A")
    db.execute("UPDATE candidat_bac_ou_equ SET annee_obt_bac = %s WHERE id_candidat = 2", (TODAY.year + 1,))
    service.faults["ECDEMO0004"] = "technical.data.nullretrieve.pays"
    service.lost.add("ECDEMO0006")
    with pytest.raises(async_opi.OpiFailedError) as failed:
        run_apogee(db, service, apogee_dsn)
    message = str(failed.value)
    assert "3 candidat(s)" in message
    assert "DEMO0002 : bac non conforme : année d'obtention" in message
    assert "DEMO0004 : refusé par Apogée : technical.data.nullretrieve.pays" in message
    assert "DEMO0006 : OPI introuvable dans Apogée après l'appel (IND_OPI)" in message
    after = opis(db)
    assert [after[ids[n]][0] for n in (2, 4, 6)] == [None, None, None]
    assert after[ids[1]][0] == wall_clock(NOW)  # the one that went through
    assert "ECDEMO0002" not in service.calls  # never sent with a bac from the future
    # Fixed on Apogée's side: the next run sends them again and stamps them.
    db.execute("UPDATE candidat_bac_ou_equ SET annee_obt_bac = 2023 WHERE id_candidat = 2")
    service.faults.clear()
    service.lost.clear()
    summary = run_apogee(db, service, apogee_dsn)
    assert summary.compteurs["candidats"] == 3
    assert all(opis(db)[ids[n]][1] == f"ECDEMO000{n}" for n in (2, 4, 6))
    assert service.calls["ECDEMO0001"] == 1


def test_apogee_ambiguous_missing_wish_and_kept_code_then_its_mail(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    db = demo_db
    ids = opi_scenario(db, "A")
    service.twins.add("ECDEMO0002")
    service.no_wishes.add("ECDEMO0004")
    # Candidat 6 is already known to Apogée by their INE, under another OPI code: Apogée keeps it.
    apogee.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO, COD_NNE_IND_OPI, COD_CLE_NNE_IND_OPI)"
                   " VALUES (500, 'PSUP1234', '1234567890', 'A')")  # fmt: skip
    db.execute("UPDATE formation SET lib_form = 'Licence 3 <Informatique>' WHERE cod_form = 'L3-INFO'")
    journal = outbox.FileJournal(tmp_path / "mails.json")
    with pytest.raises(async_opi.OpiFailedError) as failed:
        run_apogee(db, service, apogee_dsn, outbox_journal=journal)
    message = str(failed.value)
    assert (
        "DEMO0002 : OPI ambigu dans Apogée : 2 IND_OPI trouvés (plusieurs avec le code ECDEMO0002)" in message
    )
    assert "DEMO0004 : non vérifié : Licence 3 <Informatique> (vœu absent d'Apogée après l'appel)" in message
    assert "Erreur OPI dossier DEMO0006" not in message
    assert "Mail CANDIDATURE_MODIF_COD_OPI dû au dossier DEMO0006 (candidat6@example.org) : Apogée a gardé" \
        " le code PSUP1234 pour Licence 3 <Informatique> (envoyé par la tâche d'envoi)" in message  # fmt: skip
    assert opis(db)[ids[6]] == (wall_clock(NOW), "PSUP1234")
    assert opis(db)[ids[2]][0] is None
    assert opis(db)[ids[4]][0] is None
    # The DAG's mail task: eCandidat's template with the new code and the formations, escaped.
    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        with MailSender("smtp_default", "noreply@univ.example.org") as sender:
            confirmation.send(db, code=CODE, outbox_journal=journal, mail_sender=sender, clock=lambda: NOW)
        (got,) = smtp.received
    assert got.rcpt_tos == ["candidat6@example.org"]
    assert got.message["Subject"] == "Modification de votre identifiant d'inscription sur eCandidat"
    assert got.message.get_body(("html",)).get_content() == (
        "Bonjour Prenom6 NOM6,<br><br>Votre identifiant d'inscription en ligne a été modifié.<br>Votre nouvel"
        " identifiant est <b>PSUP1234</b>. Les formations impactées par ce changement sont :<br>"
        "<ul><li>Licence 3 &lt;Informatique&gt;</li></ul>" + FOOTERS["fr"]
    )
    assert outbox.pending(journal) == 0


def test_apogee_dropped_connection_is_retried_unreachable_stops(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    db = demo_db
    opi_scenario(db, "A")
    service.drop_next = 1
    service.status_next = [503]
    summary = run_apogee(db, service, apogee_dsn)  # retried (2 retries, 3 attempts): all go through
    assert summary.compteurs["candidats_en_erreur"] == 0
    assert len(service.bodies) == 6
    # Apogée down: after the first candidate that cannot be sent, the others are not tried.
    opi_scenario_reset(db)
    service.bodies.clear()
    service.status_next = [503] * 50
    with pytest.raises(async_opi.OpiFailedError) as failed:
        run_apogee(db, service, apogee_dsn, concurrency=1)
    assert "sans réponse après 3 essais : réponse sans SOAP fault" in str(failed.value)
    assert str(failed.value).count("non envoyé : OpiMetier injoignable") == 2
    assert len(service.bodies) == 3
    assert all(v[0] is None for k, v in opis(db).items() if k in cands_of(db, 2, 4, 6))


def cands_of(db: Any, *candidats: int) -> set[int]:
    return {int(r[0]) for r in db.execute(
        "SELECT id_cand FROM candidature WHERE id_candidat IN (%s, %s, %s)", candidats).fetchall()}  # fmt: skip


def opi_scenario_reset(db: Any) -> None:
    db.execute("UPDATE opi SET dat_passage_opi = NULL WHERE id_cand IN (SELECT id_cand FROM candidature"
               " WHERE id_candidat IN (2, 4, 6))")  # fmt: skip


def test_apogee_dry_run_sends_and_stamps_nothing(demo_db: Any, service: FakeOpiMetier) -> None:
    db = demo_db
    opi_scenario(db, "A")
    before = opis(db)
    summary = run(db, "A", dry_run=True)
    assert opis(db) == before
    assert service.bodies == []
    assert summary.compteurs["candidats_envoyes"] == 4


def test_no_active_campaign_and_no_siscol(demo_db: Any) -> None:
    summary = run(demo_db, "A", dry_run=True)  # the demo's campaign is of typ_siscol D
    assert "Aucune campagne active" in summary.lignes[-1]
    assert "siscol_type = D" in run(demo_db, "D").lignes[-1]


# -- Pégase ------------------------------------------------------------------------------------------


def test_pegase_day_files_byte_for_byte_then_rewritten(demo_db: Any, tmp_path: Path) -> None:
    db = demo_db
    ids = opi_scenario(db, "P")
    summary = run(db, "P", opi_path=tmp_path)
    day = f"{TODAY:%Y%m%d}"
    born = (TODAY - dt.timedelta(days=8000)).strftime("%d/%m/%Y")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"candidat-{day}.csv", f"candidature-{day}.csv", f"inscription-{day}.csv"]  # fmt: skip
    # Candidat 6 has no address: skipped, as eCandidat does. Values with ; or " are escaped by ".
    assert (tmp_path / f"candidat-{day}.csv").read_bytes().decode() == (
        "numero_candidat;sexe;nom_famille;nom_usuel;prenom;prenom2;prenom3;date_naissance;code_pays_naissance;"
        "code_commune_naissance;libelle_commune_naissance;code_nationalite;ine;adresse_code_pays;"
        "adresse_ligne1_etage;adresse_ligne2_batiment;adresse_ligne3_voie;adresse_ligne4_complement;"
        "adresse_code_postal;adresse_code_commune;adresse_cp_ville_etranger;numero_telephone1;numero_telephone2;"
        "courriel\n"
        f"DEMO0002;F;Müller ;Dupont;Zoé;Anaïs;;{born};100;54395;NANCY;100;;100;Bât. B\"; 2e étage;"
        'Résidence ""Les Lilas"";2 rue de la Démo;;54000;54395;;0383000002;0600000002;candidat2@example.org\n'
        f"DEMO0004;F;NOM4;;Prenom4;;;{born};109;;Berlin;109;;100;;;4 rue de la Démo;;54000;54395;;;;"
        "candidat4@example.org\n"
    )  # fmt: skip
    assert (tmp_path / f"candidature-{day}.csv").read_text(encoding="utf-8") == (
        "numero_candidat;origine_admission;voie_admission;annee_concours;code_voeu;code_periode;"
        "code_formation_psup;code_sise;code_etablissement_affectation\n"
        "DEMO0002;EC;;;LINF3-P;CAMP2026;;;\n"
        "DEMO0004;EC;;;LINF3-P;CAMP2026;;;\n"
    )
    inscription = (tmp_path / f"inscription-{day}.csv").read_text(encoding="utf-8").splitlines()
    assert inscription[0].split(";")[:12] == [
        "nom_naissance", "nom_usage", "prenom", "prenom2", "prenom3", "sexe", "date_naissance",
        "code_pays_naissance", "code_commune_naissance", "libelle_commune_naissance_etranger",
        "code_nationalite", "ine"]  # fmt: skip
    assert len(inscription[0].split(";")) == 43
    assert inscription[1] == (
        f'Müller ;Dupont;Zoé;Anaïs;;F;{born};100;54395;;100;;100;Bât. B"; 2e étage;Résidence ""Les Lilas"";'
        "2 rue de la Démo;;;54000;54395;0383000002;0600000002;candidat2@example.org;EC;;LINF3-P;CAMP2026"
        + ";"
        * 16
    )
    assert inscription[2].startswith(f"NOM4;;Prenom4;;;F;{born};109;;Berlin;109;;")  # foreign birth: the town
    after = opis(db)
    assert after[ids[2]] == (wall_clock(NOW), "DEMO0002")
    assert after[ids[4]] == (wall_clock(NOW), "DEMO0004")
    assert after[ids[6]][0] is None  # no address: still pending
    assert after[ids[1]][0] == wall_clock(NOW)  # the withdrawal: not in the files, no longer pending
    assert summary.compteurs["sans_adresse"] == 1
    # Later the same day: candidat 6 gets an address; the files are rewritten with all the day's OPIs.
    db.execute("UPDATE candidat SET id_adr = 6 WHERE id_candidat = 6")
    run(db, "P", opi_path=tmp_path)
    lines = (tmp_path / f"candidature-{day}.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["DEMO0006;EC;;;LINF3-P;CAMP2026;;;",  # the pending first, then the day's
                         "DEMO0002;EC;;;LINF3-P;CAMP2026;;;", "DEMO0004;EC;;;LINF3-P;CAMP2026;;;"]  # fmt: skip
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_pegase_dry_run_and_missing_folder(demo_db: Any, tmp_path: Path) -> None:
    db = demo_db
    opi_scenario(db, "P")
    before = opis(db)
    summary = run(db, "P", opi_path=tmp_path, dry_run=True)
    assert list(tmp_path.iterdir()) == []
    assert opis(db) == before
    assert summary.compteurs["candidats_fichiers"] == 2
    with pytest.raises(FileNotFoundError, match="dossier des fichiers OPI Pégase introuvable"):
        run(db, "P", opi_path=tmp_path / "absent")
    assert opis(db) == before


# -- SIGKILL -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typ", "point"), [("A", "stamped"), ("A", "announced"), ("P", "files_written")])
def test_killed_run_then_rerun_completes(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, typ: str, point: str,
) -> None:  # fmt: skip
    """Killed (SIGKILL) after the first chunk's stamps (Apogée), after its mails' announce before its
    stamps, or after the files before the stamps (Pégase): the rerun completes, Apogée gets no second
    individual, the kept code's mail goes once, the files hold every OPI."""
    db = demo_db
    ids = opi_scenario(db, typ)
    if typ == "A":  # candidat 1 (first chunk) accepted, known to Apogée by INE under another code
        apogee.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO, COD_NNE_IND_OPI, COD_CLE_NNE_IND_OPI)"
                       " VALUES (500, 'PSUP0001', '0000000001', 'B')")  # fmt: skip
        db.execute("UPDATE candidat SET cle_ine_candidat = 'B' WHERE id_candidat = 1")
        db.execute("UPDATE candidature SET tem_accept_cand = TRUE WHERE id_cand = %s", (ids[1],))
        db.execute("UPDATE formation SET cod_cge = 'SCI', cod_etp_vet_apo_form = 'MHIS1',"
                   " cod_vrs_vet_apo_form = '1' WHERE cod_form = 'M1-HIST'")  # fmt: skip
    journal = tmp_path / "mails.json"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}:{Path(__file__).parent}", "ECB_TYP": typ,
           "ECB_KILL_AT": point, "ECB_OPI_PATH": str(tmp_path), "ECB_APOGEE_DSN": apogee_dsn,
           "ECB_NOW": NOW.isoformat(), "ECB_CHUNK": "2", "ECB_JOURNAL": str(journal)}  # fmt: skip
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("opi_runner.py"))], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == -9, proc.stderr[-2000:]
    half = opis(db)
    stamped = sum(1 for n in (1, 2, 4, 6) if half[ids[n]][0] is not None)
    if typ == "A":
        assert stamped == (2 if point == "stamped" else 0)  # the first chunk, or nothing yet
    else:
        assert stamped == 0  # files written, nothing stamped
        assert (tmp_path / f"candidat-{TODAY:%Y%m%d}.csv").exists()
    again = NOW + dt.timedelta(minutes=5)
    db.autocommit = False
    async_opi.run(db, code=CODE, typ_siscol=typ, opi_path=tmp_path, clock=lambda: again, concurrency=2,
                  opi_metier=OpiMetierHook() if typ == "A" else None, outbox_journal=outbox.FileJournal(journal),
                  apogee=apogee_connect(apogee_dsn) if typ == "A" else None)  # fmt: skip
    db.autocommit = True
    after = opis(db)
    assert all(after[ids[n]][0] is not None for n in ((1, 2, 4, 6) if typ == "A" else (1, 2, 4)))
    if typ == "P":
        lines = (tmp_path / f"candidature-{TODAY:%Y%m%d}.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 3
        return
    assert apogee.execute("SELECT count(*) FROM IND_OPI").fetchone()[0] == 4
    if point == "stamped":
        assert max(service.calls.values()) == 1  # the killed chunk's were stamped: not sent again
    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        with MailSender("smtp_default", "noreply@univ.example.org") as sender:
            confirmation.send(db, code=CODE, outbox_journal=outbox.FileJournal(journal), mail_sender=sender)
        assert [r.rcpt_tos for r in smtp.received] == [["candidat1@example.org"]]  # once


def test_apogee_records_the_pieces_of_the_opis_passed(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str
) -> None:
    """With OPI_IS_UTILISE_PJ, each OPI passed gets its validated pieces that have an Apogée code, under
    Apogée's OPI code and individual, for BATCH_ASYNC_OPI_PJ (eCandidat's deversePjOpi)."""
    db = demo_db
    ids = opi_scenario(db, "A")
    db.execute("DELETE FROM pj_opi")
    db.execute("UPDATE piece_justif SET cod_apo_pj = 'PI' WHERE cod_pj = 'CNI'")  # RELEVE has none
    db.execute("UPDATE pj_cand SET cod_typ_statut_piece = 'VA' WHERE id_cand IN (%s, %s)", (ids[2], ids[4]))
    db.execute("UPDATE pj_cand SET cod_typ_statut_piece = 'RE' WHERE id_cand = %s", (ids[6],))  # refused
    # A common piece stored on the candidate's other (dematerialised) candidature only: taken from there.
    db.execute("UPDATE piece_justif SET cod_apo_pj = 'RN', tem_commun_pj = TRUE, tem_unicite_pj = FALSE"
               " WHERE cod_pj = 'RELEVE'")  # fmt: skip
    miage = cand(db, 2, "M1-MIAGE")
    db.execute("DELETE FROM pj_cand WHERE id_cand = %s AND id_pj = 2", (ids[2],))
    db.execute("UPDATE pj_cand SET cod_typ_statut_piece = 'VA' WHERE id_cand = %s AND id_pj = 2", (miage,))
    releve = db.execute(
        "SELECT id_fichier FROM pj_cand WHERE id_cand = %s AND id_pj = 2", (miage,)
    ).fetchone()[0]
    run_apogee(db, service, apogee_dsn)
    assert db.execute("SELECT count(*) FROM pj_opi").fetchone()[0] == 0, "OPI_IS_UTILISE_PJ is N"
    set_param(db, "OPI_IS_UTILISE_PJ", "O")
    db.execute(
        "UPDATE opi SET dat_passage_opi = NULL WHERE id_cand IN (%s, %s, %s)", (ids[2], ids[4], ids[6])
    )
    run_apogee(db, service, apogee_dsn)
    ind = dict(apogee.execute("SELECT COD_OPI_INT_EPO, COD_IND_OPI FROM IND_OPI").fetchall())
    rows = db.execute("SELECT cod_opi, cod_apo_pj, cod_ind_opi, id_candidat, dat_deversement, f.nom_fichier"
                      " FROM pj_opi p JOIN fichier f ON f.id_fichier = p.id_fichier ORDER BY cod_opi, cod_apo_pj"
                      ).fetchall()  # fmt: skip
    assert rows == [
        ("ECDEMO0002", "PI", str(ind["ECDEMO0002"]), 2, None, "CNI.pdf"),
        ("ECDEMO0002", "RN", str(ind["ECDEMO0002"]), 2, None, "RELEVE.pdf"),
        ("ECDEMO0004", "PI", str(ind["ECDEMO0004"]), 4, None, "CNI.pdf"),
        ("ECDEMO0004", "RN", str(ind["ECDEMO0004"]), 4, None, "RELEVE.pdf"),
    ]  # candidat 6's are refused
    assert db.execute("SELECT id_fichier FROM pj_opi WHERE cod_opi = 'ECDEMO0002' AND cod_apo_pj = 'RN'"
                      ).fetchone()[0] == releve  # fmt: skip
    db.execute("UPDATE opi SET dat_passage_opi = NULL WHERE id_cand = %s", (ids[2],))
    run_apogee(db, service, apogee_dsn)  # passed again: the piece already there is left as it is
    assert db.execute("SELECT count(*) FROM pj_opi").fetchone()[0] == 4


def test_the_dag_fails_when_a_candidate_failed_and_sends_the_mail(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, deployed_dag: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through dag.test(): the OPIs go through the operator (connections opi_metier_default and
    apogee_default), the kept code's mail through the mail task (the journal is an Airflow Variable),
    and the run fails because a candidate failed, though its last task sent the mails."""
    db = demo_db
    opi_scenario(db, "A")
    service.faults["ECDEMO0004"] = "technical.data.nullretrieve.pays"
    apogee.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO, COD_NNE_IND_OPI, COD_CLE_NNE_IND_OPI)"
                   " VALUES (500, 'PSUP1234', '1234567890', 'A')")  # fmt: skip
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "A")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__MAIL_FROM", "noreply@univ.example.org")
    dag = deployed_dag(CODE)
    assert [t.task_id for t in dag.tasks] == ["deverser", "envoyer_mails"]
    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        result = dag.test(logical_date=None)
        received = [r.rcpt_tos for r in smtp.received]
    states = {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in result.get_task_instances()}
    assert states == {"deverser": "failed", "envoyer_mails": "failed"}
    assert str(getattr(result.state, "value", result.state)) == "failed"
    assert received == [["candidat6@example.org"]]
    assert opis(db)[cand(db, 6, "L3-INFO")][1] == "PSUP1234"


def test_pegase_withdrawals_during_the_day(demo_db: Any, tmp_path: Path, connect_again: Any) -> None:
    """A candidate who withdraws while the run writes the files (eCandidat resets the OPI's date) is not
    stamped over: the next run takes the withdrawal. When no wish is left for the day, the day's files
    are replaced by files without rows (eCandidat left this morning's, withdrawals and all)."""
    db = demo_db
    ids = opi_scenario(db, "P")
    run(db, "P", opi_path=tmp_path)
    other = connect_again()

    def withdraw_meanwhile(point: str) -> None:
        if point == "files_written":  # as eCandidat does when candidat 2 withdraws
            other.execute("UPDATE candidature SET tem_accept_cand = FALSE WHERE id_cand = %s", (ids[2],))
            other.execute("UPDATE opi SET dat_passage_opi = NULL WHERE id_cand = %s", (ids[2],))

    run(db, "P", opi_path=tmp_path, checkpoint=withdraw_meanwhile)
    assert opis(db)[ids[2]][0] is None, "the withdrawal is not stamped over"
    db.execute("UPDATE candidature SET tem_accept_cand = FALSE WHERE id_cand = %s", (ids[4],))
    db.execute("UPDATE opi SET dat_passage_opi = NULL WHERE id_cand = %s", (ids[4],))
    run(db, "P", opi_path=tmp_path)
    day = f"{TODAY:%Y%m%d}"
    assert (tmp_path / f"candidature-{day}.csv").read_text(encoding="utf-8").splitlines() == [
        "numero_candidat;origine_admission;voie_admission;annee_concours;code_voeu;code_periode;"
        "code_formation_psup;code_sise;code_etablissement_affectation"
    ]
    assert len((tmp_path / f"inscription-{day}.csv").read_text(encoding="utf-8").splitlines()) == 1
    assert opis(db)[ids[2]][0] == opis(db)[ids[4]][0] == wall_clock(NOW)  # withdrawals: passed


# -- The documents recorded for BATCH_ASYNC_OPI_PJ, when that batch is out of service ----------------


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A local server speaking Airflow's REST API v2 (auth, DAGs), as connection ``fake_api``."""
    from dev.fakes.airflow_api import FakeAirflowApi

    with FakeAirflowApi() as server:
        monkeypatch.setenv("AIRFLOW_CONN_FAKE_API", json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": server.port, "login": "admin", "password": "secret"}
        ))  # fmt: skip
        yield server


def test_the_summary_and_the_page_say_when_documents_wait_for_opi_pj_out_of_service(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, fake_api: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from ecandidat_batches.hooks.airflow_api import AirflowApiHook
    from ecandidat_batches.opi.pieces import in_service, unsent_warning
    from ecandidat_batches.state.rest import RestBatchState

    db = demo_db
    ids = opi_scenario(db, "A")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "A")
    db.execute("DELETE FROM pj_opi")
    db.execute("UPDATE piece_justif SET cod_apo_pj = 'PI' WHERE cod_pj = 'CNI'")
    db.execute("UPDATE pj_cand SET cod_typ_statut_piece = 'VA' WHERE id_cand = %s", (ids[2],))
    api = AirflowApiHook("fake_api", wait_max=0.05)
    state = RestBatchState(api)
    fake_api.dags = {"BATCH_ASYNC_OPI": False, "BATCH_ASYNC_OPI_PJ": True}  # the takeover's usual state

    # OPI_IS_UTILISE_PJ = N: no document recorded, nothing said, Airflow's API not asked.
    summary = run_apogee(db, service, apogee_dsn, api=api)
    assert "pj_en_attente" not in summary.compteurs
    assert not any("pièce" in line for line in summary.lignes)
    assert fake_api.calls == []
    db.autocommit = False
    assert unsent_warning(db, in_service(state), NOW) is None
    db.autocommit = True

    # Documents recorded, BATCH_ASYNC_OPI_PJ paused: the summary says so, the run still succeeds.
    set_param(db, "OPI_IS_UTILISE_PJ", "O")
    db.execute(
        "UPDATE opi SET dat_passage_opi = NULL WHERE id_cand IN (%s, %s, %s)", (ids[2], ids[4], ids[6])
    )
    summary = run_apogee(db, service, apogee_dsn, api=api)
    assert db.execute("SELECT count(*) FROM pj_opi WHERE dat_deversement IS NULL").fetchone()[0] == 1
    assert summary.compteurs["pj_en_attente"] == 1
    warning = [line for line in summary.lignes if "Attention" in line]
    assert len(warning) == 1
    assert warning[0].endswith(
        "Attention : 1 pièce(s) justificative(s) d'OPI en attente d'envoi à Apogée, et le batch "
        "BATCH_ASYNC_OPI_PJ, qui les envoie, n'est pas en service : elles ne partiront pas tant qu'il ne "
        "l'est pas (Administration > Batches)"
    )
    db.autocommit = False
    page = unsent_warning(db, in_service(state), NOW)
    db.autocommit = True
    assert page is not None
    assert "BATCH_ASYNC_OPI_PJ, qui les envoie à Apogée, n'est pas en service : 1 pièce(s) en attente" in page
    # The Batches page reads it with eCandidat's batch table, from BATCH_ASYNC_OPI_PJ's row.
    from ecandidat_batches.admin.doubles import read_ecandidat

    assert read_ecandidat(pj_en_service=False).unsent_pieces == page
    assert read_ecandidat(pj_en_service=True).unsent_pieces is None

    # Nothing left to send, the documents still wait: said again; absent from the deployment too.
    fake_api.dags = {"BATCH_ASYNC_OPI": False}
    summary = run_apogee(db, service, apogee_dsn, api=api)
    assert summary.compteurs["candidats"] == 0
    assert any("BATCH_ASYNC_OPI_PJ, qui les envoie, n'est pas en service" in line for line in summary.lignes)

    # BATCH_ASYNC_OPI_PJ in service: nothing to warn of.
    fake_api.dags = {"BATCH_ASYNC_OPI": False, "BATCH_ASYNC_OPI_PJ": False}
    summary = run_apogee(db, service, apogee_dsn, api=api)
    assert summary.compteurs["pj_en_attente"] == 1
    assert not any("Attention" in line for line in summary.lignes)
    db.autocommit = False
    assert unsent_warning(db, in_service(state), NOW) is None
    db.autocommit = True

    # No API connection (or none that answers): said, never the batch's failure.
    summary = run_apogee(db, service, apogee_dsn, api=AirflowApiHook("no_such_api", retries=0))
    (line,) = [line for line in summary.lignes if "Attention" in line]
    assert "l'état du batch BATCH_ASYNC_OPI_PJ, qui les envoie, n'a pas pu être lu (" in line
    assert "no_such_api" in line
    summary = run_apogee(db, service, apogee_dsn)
    assert any("aucune connexion à l'API d'Airflow" in line for line in summary.lignes)


# -- eCandidat's issue #117: a wish confirmed, withdrawn, another confirmed --------------------------


def test_pegase_a_candidate_is_in_the_files_of_the_days_his_opis_pass_only(
    demo_db: Any, tmp_path: Path
) -> None:
    """eCandidat's issue #117 (Pégase, 2026): a candidate whose wish was confirmed (its OPI passed),
    withdrawn, then another confirmed appeared in every day's admission files from then on. eCandidat
    reset the passed OPI's date on the withdrawal, and its Pégase batch only stamped the OPIs it wrote:
    the withdrawn one stayed pending for ever, so the candidate was selected every night and written
    again with his other wish (the batch writes all of a selected candidate's accepted wishes). Fixed
    there for the next version: he is in the files of the day each of his OPIs passed, as here: the
    withdrawn OPI is stamped with the run that drops its wish, and the candidate is absent after."""
    db = demo_db
    ids = opi_scenario(db, "P")
    db.execute(
        "UPDATE formation SET typ_siscol = 'P', cod_pegase_form = 'MMIAGE-P' WHERE cod_form = 'M1-MIAGE'"
    )
    miage = cand(db, 2, "M1-MIAGE")
    db.execute("UPDATE candidature SET tem_accept_cand = NULL WHERE id_cand = %s", (miage,))
    days = [TODAY + dt.timedelta(days=n) for n in (1, 2, 3, 4)]  # within the campaign, after the demo's OPIs

    def run_on(day: dt.date) -> Any:
        at = NOW + dt.timedelta(days=(day - TODAY).days)
        db.autocommit = False
        try:
            return async_opi.run(db, code=CODE, typ_siscol="P", opi_path=tmp_path, clock=lambda: at)
        finally:
            db.autocommit = True

    def files_of(day: dt.date) -> dict[str, list[list[str]]]:
        """Each file of the day, its rows (header left out) read by a CSV reader that knows ``\\r``."""
        import csv

        out = {}
        for name in ("candidat", "candidature", "inscription"):
            path = tmp_path / f"{name}-{day:%Y%m%d}.csv"
            if path.exists():
                with path.open(encoding="utf-8", newline="") as handle:
                    out[name] = list(csv.reader(handle, delimiter=";", quotechar="\x00", escapechar='"'))[1:]
        return out

    # Day 1: L3-INFO confirmed, its OPI pending: the candidate is in the day's files with it.
    run_on(days[0])
    first = files_of(days[0])
    assert [r[0] for r in first["candidat"]] == ["DEMO0002", "DEMO0004"]
    assert [(r[0], r[4]) for r in first["candidature"] if r[0] == "DEMO0002"] == [("DEMO0002", "LINF3-P")]
    assert opis(db)[ids[2]][0] is not None

    # Day 2, before the run: he withdraws L3-INFO (eCandidat resets its OPI's date) and confirms M1-MIAGE.
    withdrawn_at = wall_clock(NOW) + dt.timedelta(days=1, hours=12)
    db.execute("UPDATE candidature SET tem_accept_cand = FALSE, dat_accept_cand = %s WHERE id_cand = %s",
               (withdrawn_at, ids[2]))  # fmt: skip
    db.execute("UPDATE opi SET dat_passage_opi = NULL WHERE id_cand = %s", (ids[2],))
    db.execute("UPDATE candidature SET tem_accept_cand = TRUE, dat_accept_cand = %s WHERE id_cand = %s",
               (withdrawn_at, miage))  # fmt: skip
    db.execute("INSERT INTO opi (id_cand, dat_cre_opi) VALUES (%s, %s)", (miage, withdrawn_at))
    run_on(days[1])
    second = files_of(days[1])
    assert [r[0] for r in second["candidat"]] == ["DEMO0002"]
    assert [(r[0], r[4]) for r in second["candidature"]] == [("DEMO0002", "MMIAGE-P")], "the new wish only"
    (inscription,) = second["inscription"]
    voeux = inscription[-20:]
    assert (voeux[2], voeux[6]) == ("MMIAGE-P", ""), "one wish in the inscription file"
    after = opis(db)
    assert after[miage] == (wall_clock(NOW) + dt.timedelta(days=2), "DEMO0002")
    assert after[ids[2]][0] is not None, "the withdrawn OPI no longer pending: the candidate is done with"

    # Days 3 and 4: nothing of his passes: he is in no file (eCandidat before its fix wrote him every day).
    for day in days[2:]:
        summary = run_on(day)
        assert files_of(day) == {}, day
        assert summary.compteurs["candidats_fichiers"] == 0
    # A rerun on day 2 (the day's files are rewritten) still lists him: his M1-MIAGE OPI passed that day.
    run_on(days[1])
    assert [r[0] for r in files_of(days[1])["candidat"]] == ["DEMO0002"]


def test_pegase_a_carriage_return_in_a_value_is_escaped_not_a_new_record(
    demo_db: Any, tmp_path: Path
) -> None:
    """A carriage return in a candidate's value, written raw, ended the record for any CSV reader: the
    rest became a record whose first field the candidate chose. Escaped as the line feed is, each
    file reads back as one record per candidate, the value whole."""
    import csv

    db = demo_db
    opi_scenario(db, "P")
    forged = "2 rue de la Démo\rDEMO0666;Faux;\nsuite"
    db.execute("UPDATE adresse SET adr1_adr = %s WHERE id_adr = 2", (forged,))
    db.execute("UPDATE candidat SET prenom_candidat = %s WHERE id_candidat = 4", ("Prenom\r\n4",))
    run(db, "P", opi_path=tmp_path)
    day = f"{TODAY:%Y%m%d}"

    def records(name: str) -> list[dict[str, str]]:
        with (tmp_path / f"{name}-{day}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=";", quotechar="\x00", escapechar='"', strict=True))

    candidats = records("candidat")
    assert [r["numero_candidat"] for r in candidats] == ["DEMO0002", "DEMO0004"]
    assert candidats[0]["adresse_ligne3_voie"] == forged
    assert candidats[1]["prenom"] == "Prenom\r\n4"
    assert [r["numero_candidat"] for r in records("candidature")] == ["DEMO0002", "DEMO0004"]
    inscriptions = records("inscription")
    assert [(r["adresse_ligne3_voie"], r["prenom"]) for r in inscriptions] == [
        (forged, "Zoé"), ("4 rue de la Démo", "Prenom\r\n4")]  # fmt: skip
    assert all(None not in r for r in inscriptions), "no record with more fields than the header"
