"""BATCH_DESIST_AUTO and BATCH_RELANCE_FAVO on the demo data, on both engines: eCandidat's selection and
three-way deadline, the promotion from the complementary list, the mails as a real SMTP server receives
them, the journal across refusals, disconnections and SIGKILL, dry runs, and the DAGs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dev.fakes.smtp import RecordingSmtp
from tests.fixtures.airflow import DAGS

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.jobs import confirmation
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import FOOTERS

ROOT = Path(__file__).resolve().parents[2]
NOW = paris_now().replace(hour=23, minute=15, second=0, microsecond=0)  # the demo is dated from today
TODAY = NOW.date()
SENDER = "noreply@univ.example.org"
DESIST, RELANCE = "BATCH_DESIST_AUTO", "BATCH_RELANCE_FAVO"


@pytest.fixture
def db(demo_db: Any) -> Any:
    return demo_db


def cand(db: Any, id_candidat: int, cod_form: str) -> int:
    return int(db.execute(
        "SELECT c.id_cand FROM candidature c JOIN formation f ON f.id_form = c.id_form"
        " WHERE c.id_candidat = %s AND f.cod_form = %s", (id_candidat, cod_form)).fetchone()[0])  # fmt: skip


def decide(
    db: Any, id_cand: int, cod_typ_dec: str, valid_at: dt.datetime | None, rank: int | None = None
) -> None:
    """A new decision (the candidature's latest), validated at ``valid_at`` (None: not validated)."""
    db.execute(
        "INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,"
        " user_cre_type_dec_cand, tem_valid_type_dec_cand, dat_valid_type_dec_cand, user_valid_type_dec_cand,"
        " list_comp_rang_typ_dec_cand) SELECT %s, id_typ_dec, FALSE, %s, 'test', %s, %s, 'test', %s"
        " FROM type_decision WHERE cod_typ_dec = %s",
        (id_cand, wall_clock(NOW) - dt.timedelta(days=30), valid_at is not None, valid_at, rank, cod_typ_dec),
    )  # fmt: skip


def days_ago(n: int) -> dt.datetime:
    return wall_clock(NOW).replace(hour=10) - dt.timedelta(days=n)


def run(db: Any, code: str, journal: outbox.Journal | None, **kwargs: Any) -> Any:
    db.autocommit = False
    try:
        action = "desist" if code == DESIST else "relance"
        return confirmation.run(
            db, code=code, action=action, outbox_journal=journal, clock=lambda: NOW, **kwargs
        )
    finally:
        db.autocommit = True


def send(db: Any, code: str, journal: outbox.Journal) -> Any:
    with MailSender("smtp_default", SENDER) as sender:
        return confirmation.send(db, code=code, outbox_journal=journal, mail_sender=sender, clock=lambda: NOW)


def candidature(db: Any, id_cand: int) -> tuple[Any, ...]:
    return tuple(db.execute(
        "SELECT tem_accept_cand, user_accept_cand, dat_accept_cand, tem_relance_cand, dat_new_confirm_cand,"
        " user_mod_cand FROM candidature WHERE id_cand = %s", (id_cand,)).fetchone())  # fmt: skip


def modified(db: Any, id_cand: int) -> tuple[Any, Any]:
    """``(dat_mod_cand, user_mod_cand)``: eCandidat's @PreUpdate sets the date on every save."""
    return tuple(db.execute(
        "SELECT dat_mod_cand, user_mod_cand FROM candidature WHERE id_cand = %s", (id_cand,)).fetchone())  # fmt: skip


def hist_lc(db: Any) -> list[tuple[int, int | None, str]]:
    """M1-HIST's candidatures of the active campaign: (id_cand, real rank of the latest, its avis)."""
    return [tuple(r) for r in db.execute(
        "SELECT c.id_cand, t.list_comp_rang_reel_typ_dec_cand, td.cod_typ_avis FROM candidature c"
        " JOIN formation f ON f.id_form = c.id_form JOIN candidat ca ON ca.id_candidat = c.id_candidat"
        " JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min"
        " JOIN type_decision_candidature t ON t.id_type_dec_cand ="
        "  (SELECT max(x.id_type_dec_cand) FROM type_decision_candidature x WHERE x.id_cand = c.id_cand)"
        " JOIN type_decision td ON td.id_typ_dec = t.id_typ_dec"
        " WHERE f.cod_form = 'M1-HIST' AND m.id_camp = 2 ORDER BY c.id_cand").fetchall()]  # fmt: skip


def scenario(db: Any) -> dict[str, int]:
    """Favourable decisions around their deadline. M1-MIAGE confirms within 7 days of the decision,
    M1-HIST by its date (moved to yesterday here); M1-HIST's complementary list is candidats 3 and 5."""
    ids = {
        "late": cand(db, 2, "M1-MIAGE"),  # validated 8 days ago: deadline yesterday -> withdrawn
        "today": cand(db, 4, "M1-MIAGE"),  # 7 days ago: deadline today -> not yet
        "extended": cand(db, 6, "M1-MIAGE"),  # 10 days ago, but a new deadline in 3 days -> not yet
        "by_date": cand(db, 1, "M1-HIST"),  # the formation's date, yesterday -> withdrawn
        "unvalidated": cand(db, 1, "M1-MIAGE"),  # favourable, not validated -> ignored
        "answered": cand(db, 3, "M1-MIAGE"),  # favourable, late, but the candidate answered -> ignored
    }
    decide(db, ids["late"], "AVIS_FAVORABLE", days_ago(8))
    decide(db, ids["today"], "AVIS_FAVORABLE", days_ago(7))
    decide(db, ids["extended"], "AVIS_FAVORABLE", days_ago(10))
    db.execute("UPDATE candidature SET dat_new_confirm_cand = %s WHERE id_cand = %s",
               (TODAY + dt.timedelta(days=3), ids["extended"]))  # fmt: skip
    decide(db, ids["by_date"], "AVIS_FAVORABLE", days_ago(2))
    db.execute("UPDATE formation SET dat_confirm_form = %s, delai_confirm_list_comp_form = 5"
               " WHERE cod_form = 'M1-HIST'", (TODAY - dt.timedelta(days=1),))  # fmt: skip
    decide(db, ids["unvalidated"], "AVIS_FAVORABLE", None)
    decide(db, ids["answered"], "AVIS_FAVORABLE", days_ago(20))
    db.execute("UPDATE candidature SET tem_accept_cand = TRUE WHERE id_cand = %s", (ids["answered"],))
    ids["lc_first"], ids["lc_second"] = cand(db, 3, "M1-HIST"), cand(db, 5, "M1-HIST")
    return ids


def test_desist_withdraws_past_deadlines_promotes_and_reranks(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    ids = scenario(db)
    untouched = {k: candidature(db, ids[k]) for k in ("today", "extended", "unvalidated", "answered")}
    before = {k: modified(db, i) for k, i in ids.items()}
    summary = run(db, DESIST, journal)
    stamp = wall_clock(NOW)
    for key in ("late", "by_date"):
        assert candidature(db, ids[key])[:3] == (False, "autoDesist", stamp), key
        # dat_mod_cand stamped as eCandidat's save does; user_mod_cand left as eCandidat leaves it
        assert modified(db, ids[key]) == (stamp, before[key][1]), key
    assert {k: candidature(db, ids[k]) for k in untouched} == untouched
    assert {k: modified(db, ids[k]) for k in untouched} == {k: before[k] for k in untouched}
    assert modified(db, ids["lc_first"]) == (stamp, "autoListComp")
    # M1-HIST lost one candidate: the head of its list (candidat 3, rank 3 < 5) is promoted, once.
    promoted = candidature(db, ids["lc_first"])
    assert promoted[0] is None
    assert promoted[4] == TODAY + dt.timedelta(days=5)
    assert promoted[5] == "autoListComp"
    assert hist_lc(db) == [
        (ids["by_date"], None, "FA"),
        (ids["lc_first"], None, "FA"),
        (ids["lc_second"], 1, "LC"),
    ]
    assert summary.compteurs["desistements"] == 2
    assert summary.compteurs["passages_liste_principale"] == 1
    assert summary.compteurs["mails_annonces"] == 4  # two withdrawals, one promotion, its commission's alert
    assert smtp.received == [], "the mails go with the next task"

    sent = send(db, DESIST, journal)
    assert sent.compteurs["mails_envoyes"] == 4
    assert sent.compteurs["lettres_jointes"] == 0, "the commission does not send letters by mail"
    assert all(not r.message.is_multipart() or not list(r.message.iter_attachments()) for r in smtp.received)
    got = {(r.message["Subject"], r.rcpt_tos[0]) for r in smtp.received}
    assert got == {
        ("Désistement automatique de votre candidature sur eCandidat", "candidat2@example.org"),
        ("Désistement automatique de votre candidature sur eCandidat", "candidat1@example.org"),
        (subject_of(db, "AVIS_FAVORABLE"), "candidat3@example.org"),
        (subject_of(db, "COMMISSION_ALERT_LISTE_PRINC"), "commission.sciences@example.org"),
    }
    assert journal.load() is None, "every lot delivered: the journal is gone"
    again = run(db, DESIST, journal)
    assert again.compteurs["desistements"] == 0
    assert journal.load() is None


def subject_of(db: Any, cod_mail: str) -> str:
    row = db.execute("SELECT t.val_trad FROM mail m JOIN i18n_traduction t ON t.id_i18n = m.id_i18n_sujet_mail"
                     " WHERE m.cod_mail = %s AND t.cod_langue = 'fr'", (cod_mail,)).fetchone()  # fmt: skip
    return " ".join(str(row[0]).split())


def test_the_mail_body_bcc_and_language(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    late = cand(db, 2, "M1-MIAGE")
    decide(db, late, "AVIS_FAVORABLE", days_ago(8))
    body_id = db.execute(
        "SELECT id_i18n_corps_mail FROM mail WHERE cod_mail = 'CANDIDATURE_DESIST_AUTO'"
    ).fetchone()[0]
    db.execute("UPDATE i18n_traduction SET val_trad = %s WHERE id_i18n = %s AND cod_langue = 'fr'",
               ("<p>${candidat.civilite} ${candidat.nomPat}, ${formation.libelle} : confirmation avant le "
                "${formation.datConfirm}{if($formation.motCle)} (${formation.motCle}){endif($formation.motCle)}."
                "</p><p>${commission.adresse}</p>", body_id))  # fmt: skip
    db.execute("UPDATE candidat SET nom_pat_candidat = 'O''Brien & <Fils>' WHERE id_candidat = 2")
    db.execute(
        "UPDATE centre_candidature SET typ_send_mail_ctr_cand = 'M', mail_contact_ctr_cand = 'scol@univ.fr'"
    )
    run(db, DESIST, journal)
    send(db, DESIST, journal)
    (got,) = smtp.received
    assert got.rcpt_tos == ["candidat2@example.org", "scol@univ.fr"], "the centre's contact in BCC"
    assert got.message["Bcc"] is None
    deadline = (days_ago(8) + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    body = got.message.get_body(("html",)).get_content()
    assert body == (
        f"<p>Madame O&#x27;Brien &amp; &lt;Fils&gt;, Master 1 MIAGE : confirmation avant le {deadline}.</p>"
        "<p>1 place de l&#x27;Université<br>54000 NANCY</p>" + FOOTERS["fr"]
    ), "values escaped, the address's lines joined, the {if} block of an empty variable removed"


def test_relance_reminds_exactly_n_days_before(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    due = cand(db, 2, "M1-MIAGE")  # 5 days ago + 7 = today + 2: reminded
    early = cand(db, 4, "M1-MIAGE")  # 4 days ago: today + 3, not yet
    reminded = cand(db, 6, "M1-MIAGE")  # due, but reminded already
    for id_cand, n in ((due, 5), (early, 4), (reminded, 5)):
        decide(db, id_cand, "AVIS_FAVORABLE", days_ago(n))
    db.execute("UPDATE candidature SET tem_relance_cand = TRUE WHERE id_cand = %s", (reminded,))
    before = {i: modified(db, i) for i in (due, early, reminded)}
    summary = run(db, RELANCE, journal)
    assert summary.compteurs["relances"] == 1
    assert [candidature(db, i)[3] for i in (due, early, reminded)] == [True, False, True]
    assert modified(db, due) == (wall_clock(NOW), before[due][1]), "stamped as eCandidat's save does"
    assert [modified(db, i) for i in (early, reminded)] == [before[early], before[reminded]]
    send(db, RELANCE, journal)
    assert [(r.rcpt_tos, r.message["Subject"]) for r in smtp.received] == [
        (["candidat2@example.org"], "Attente de confirmation sur eCandidat")
    ]
    assert run(db, RELANCE, journal).compteurs["relances"] == 0, "once"
    db.execute("UPDATE parametre SET val_param = '3' WHERE cod_param = 'SCOL_NB_JOUR_RELANCE_FAVO'")
    assert run(db, RELANCE, journal).compteurs["relances"] == 1, "the setting is read"


def test_dry_runs_list_the_mails_and_change_nothing(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    ids = scenario(db)
    before = db.execute("SELECT * FROM candidature ORDER BY id_cand").fetchall()
    decisions = db.execute("SELECT count(*) FROM type_decision_candidature").fetchone()
    summary = run(db, DESIST, None, dry_run=True)
    assert db.execute("SELECT * FROM candidature ORDER BY id_cand").fetchall() == before
    assert db.execute("SELECT count(*) FROM type_decision_candidature").fetchone() == decisions
    assert journal.load() is None
    assert smtp.received == []
    listed = [line for line in summary.lignes if " Mail " in line]
    assert len(listed) == 4
    assert any(
        f"CANDIDATURE_DESIST_AUTO à candidat2@example.org (candidature {ids['late']}" in x for x in listed
    )
    assert any("COMMISSION_ALERT_LISTE_PRINC à commission.sciences@example.org" in x for x in listed)
    real = run(db, DESIST, journal)
    assert real.compteurs == summary.compteurs, "the dry run reports what the run does"


def test_refusals_and_disconnections_lose_no_mail(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    scenario(db)
    run(db, DESIST, journal)
    smtp.refused.add("candidat1@example.org")
    smtp.handler.drop = 1  # the relay dies in the middle of the first mail
    with pytest.raises(confirmation.MailsNotSentError, match="1 mail\\(s\\) refusé\\(s\\)"):
        send(db, DESIST, journal)
    assert len(smtp.received) == 3
    assert outbox.pending(journal) == 1
    smtp.refused.clear()
    assert send(db, DESIST, journal).compteurs["mails_envoyes"] == 1, "the refused mail, next delivery"
    assert Counter(r.rcpt_tos[0] for r in smtp.received)["candidat1@example.org"] == 1
    assert journal.load() is None


def test_a_mail_refused_three_times_is_given_up_and_named(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    decide(db, cand(db, 2, "M1-MIAGE"), "AVIS_FAVORABLE", days_ago(8))
    run(db, DESIST, journal)
    smtp.refused.add("candidat2@example.org")
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        with pytest.raises(confirmation.MailsNotSentError, match="1 gardé\\(s\\) pour le prochain envoi"):
            send(db, DESIST, journal)
    with pytest.raises(confirmation.MailsNotSentError, match="1 abandonné"):
        send(db, DESIST, journal)
    assert journal.load() is None


def test_a_lot_whose_change_never_committed_sends_nothing(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    late = cand(db, 2, "M1-MIAGE")
    decide(db, late, "AVIS_FAVORABLE", days_ago(8))
    outbox.announce(journal, wall_clock(NOW), [("CANDIDATURE_DESIST_AUTO", late)])  # then the process died
    summary = send(db, DESIST, journal)
    assert smtp.received == []
    assert summary.compteurs["mails_sans_objet"] == 1
    assert any("désistement non enregistré" in line for line in summary.lignes)


RUNNER = Path(__file__).with_name("mail_runner.py")


def runner(engine: str, code: str, journal: Path, point: str, nth: int = 1) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, str(RUNNER), code, str(journal), point, str(nth), NOW.isoformat()],
                          env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode in (0, -9), done.stderr
    return done.returncode


@pytest.mark.parametrize(("code", "point", "nth"), [(DESIST, "announced", 1), (DESIST, "sent", 2),
                                                    (RELANCE, "announced", 1), (RELANCE, "sent", 1)])  # fmt: skip
def test_killed_then_rerun_every_mail_once_but_the_one_in_flight(
    db: Any, smtp: RecordingSmtp, tmp_path: Path, engine: str, code: str, point: str, nth: int
) -> None:
    scenario(db)
    for id_candidat in (5, 10):  # two reminders due today + 2 (validated 5 days ago, M1-MIAGE: 7 days)
        decide(db, cand(db, id_candidat, "M1-MIAGE"), "AVIS_FAVORABLE", days_ago(5))
    expected = 4 if code == DESIST else 2
    path = tmp_path / "mails.json"
    # Killed after announcing, before the commit (nothing changed), or as the Nth mail went out; then
    # run again the same day (the same stamp second: a new one is taken).
    assert runner(engine, code, path, point, nth) == -9
    if point == "announced":
        assert candidature(db, cand(db, 5, "M1-MIAGE"))[3] is False, "the transaction died with the process"
    assert runner(engine, code, path, "never") == 0
    counts = Counter((r.rcpt_tos[0], r.message["Subject"]) for r in smtp.received)
    assert len(counts) == expected, counts
    duplicates = sum(n - 1 for n in counts.values())
    # Only the mail in flight, or one sent while its predecessor's progress was being written.
    assert duplicates <= (2 if point == "sent" else 0), counts
    assert not path.exists()


def test_the_dags(db: Any, smtp: RecordingSmtp, airflow_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.dag_processing.dagbag import DagBag

    scenario(db)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__MAIL_FROM", SENDER)
    bag = DagBag(dag_folder=str(DAGS))
    dag = bag.dags[DESIST]
    assert [t.task_id for t in dag.tasks] == ["desister", "envoyer_mails"]
    result = dag.test(logical_date=None)
    assert str(getattr(result.state, "value", result.state)) == "success"
    assert len(smtp.received) == 4
    assert {r.mail_from for r in smtp.received} == {SENDER}
    relance = bag.dags[RELANCE].test(logical_date=None, run_conf={"dry_run": True})
    assert str(getattr(relance.state, "value", relance.state)) == "success"
    tasks = {ti.task_id: ti for ti in relance.get_task_instances()}
    changes = tasks["relancer"].xcom_pull(task_ids="relancer")
    mails = tasks["envoyer_mails"].xcom_pull(task_ids="envoyer_mails")
    assert changes["simulation"] is mails["simulation"] is True
    # Waiting after the withdrawals: "today", "extended" and the promoted candidature.
    assert changes["lignes"][0].endswith("Lancement batch BATCH_RELANCE_FAVO, 3 candidatures à analyser")
    assert mails["lignes"] == [mails["lignes"][0]], "the mail task's summary is its own"
    assert mails["lignes"][0].endswith("[simulation] Aucun mail envoyé (simulation)")


def test_several_withdrawals_promote_as_many_or_the_whole_list(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    """M1-HIST loses two candidates at once: the two heads of its list go up; then two more, with one
    left on the list: that one only. Without LC_IS_CALCUL_RANG_REEL no rank is recomputed; a commission
    that did not ask for the alert gets none."""
    db.execute(
        "UPDATE formation SET dat_confirm_form = %s WHERE cod_form = 'M1-HIST'",
        (TODAY - dt.timedelta(days=1),),
    )
    db.execute("UPDATE commission SET tem_alert_list_princ_comm = FALSE")
    db.execute("UPDATE parametre SET val_param = 'N' WHERE cod_param = 'LC_IS_CALCUL_RANG_REEL'")
    c1, c3, c5 = (cand(db, i, "M1-HIST") for i in (1, 3, 5))
    c2, c4 = (cand(db, i, "M1-MIAGE") for i in (2, 4))  # moved to M1-HIST's list, ranks 50 and 40
    db.execute("UPDATE candidature SET id_form = 3 WHERE id_cand IN (%s, %s)", (c2, c4))
    decide(db, c2, "AVIS_LISTE_COMP", days_ago(3), rank=50)
    decide(db, c4, "AVIS_LISTE_COMP", days_ago(3), rank=40)
    for late in (c1, c3):
        decide(db, late, "AVIS_FAVORABLE", days_ago(3))
    summary = run(db, DESIST, journal)
    assert (summary.compteurs["desistements"], summary.compteurs["passages_liste_principale"]) == (2, 2)
    assert summary.compteurs["rangs_modifies"] == 0, "LC_IS_CALCUL_RANG_REEL = N"
    latest = {row[0]: row[2] for row in hist_lc(db)}
    assert (latest[c5], latest[c4], latest[c2]) == ("FA", "FA", "LC"), "by rank: 5 then 40, not 50"
    # The two promoted get no new deadline (the formation has none for its list): the formation's
    # date, yesterday, withdraws them at the next run, and one candidature is left to promote.
    again = run(db, DESIST, journal)
    assert (again.compteurs["desistements"], again.compteurs["passages_liste_principale"]) == (2, 1)
    send(db, DESIST, journal)
    subjects = Counter(r.message["Subject"] for r in smtp.received)
    assert subjects[subject_of(db, "AVIS_FAVORABLE")] == 3
    assert subjects[subject_of(db, "CANDIDATURE_DESIST_AUTO")] == 4
    assert subject_of(db, "COMMISSION_ALERT_LISTE_PRINC") not in subjects, "no alert asked for"


def test_the_alert_to_the_commission_s_members(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    """eCandidat's rule 'L': the alert goes to the commission's members' addresses."""
    db.execute(
        "UPDATE formation SET dat_confirm_form = %s WHERE cod_form = 'M1-HIST'",
        (TODAY - dt.timedelta(days=1),),
    )
    decide(db, cand(db, 1, "M1-HIST"), "AVIS_FAVORABLE", days_ago(3))
    db.execute("UPDATE commission SET typ_alert_comm = 'L'")
    db.execute("INSERT INTO droit_profil (id_profil, cod_profil, lib_profil, typ_profil, tem_updatable, tes_profil,"
               " dat_cre_profil, user_cre_profil, dat_mod_profil, user_mod_profil)"
               " VALUES (1, 'MEMBRE', 'Membre', 'C', TRUE, TRUE, %s, 't', %s, 't')", (NOW, NOW))  # fmt: skip
    for n, login in enumerate(("admin", "gestscol"), start=1):
        db.execute("INSERT INTO droit_profil_ind (id_droit_profil_ind, login_ind, id_profil) VALUES (%s, %s, 1)",
                   (n, login))  # fmt: skip
        db.execute("INSERT INTO commission_membre (id_droit_profil_ind, id_comm, tem_is_president)"
                   " VALUES (%s, 1, FALSE)", (n,))  # fmt: skip
    run(db, DESIST, journal)
    send(db, DESIST, journal)
    alert = [
        r for r in smtp.received if r.message["Subject"] == subject_of(db, "COMMISSION_ALERT_LISTE_PRINC")
    ]
    assert [r.rcpt_tos for r in alert] == [["admin@example.org", "scol@example.org"]]


def test_a_relay_answering_421_is_unavailable_not_a_refusal(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    scenario(db)
    run(db, DESIST, journal)
    smtp.handler.busy = True
    for _ in range(outbox.MAX_ATTEMPTS + 1):  # never counted as attempts: nothing given up
        with pytest.raises(
            confirmation.MailsNotSentError, match=r"4 gardé\(s\) pour le prochain envoi \(serveur SMTP"
        ):
            send(db, DESIST, journal)
    smtp.handler.busy = False
    assert send(db, DESIST, journal).compteurs["mails_envoyes"] == 4


def test_an_unreachable_server_keeps_every_mail_without_counting_attempts(
    db: Any, journal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario(db)
    run(db, DESIST, journal)
    with RecordingSmtp() as down:
        port = down.port
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(
        {"conn_type": "smtp", "host": "127.0.0.1", "port": port,
         "extra": {"disable_tls": True, "disable_ssl": True, "timeout": 2, "retry_limit": 1}}))  # fmt: skip
    for _ in range(outbox.MAX_ATTEMPTS + 1):
        with pytest.raises(confirmation.MailsNotSentError, match="4 gardé\\(s\\) pour le prochain envoi"):
            send(db, DESIST, journal)
    assert outbox.pending(journal) == 4
    with RecordingSmtp() as smtp:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
        assert send(db, DESIST, journal).compteurs["mails_envoyes"] == 4
    assert journal.load() is None


def test_no_sender_is_a_configuration_error_naming_the_setting_and_keeps_every_mail(
    db: Any, smtp: RecordingSmtp, journal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``[ecandidat] mail_from`` unset (and no from_email in the SMTP connection): said as what it is,
    not as a server down; nothing is sent, nothing counted as an attempt; once set, every mail goes."""
    scenario(db)
    run(db, DESIST, journal)
    for _ in range(outbox.MAX_ATTEMPTS + 1):
        with (
            MailSender("smtp_default", "") as sender,
            pytest.raises(confirmation.MailsNotSentError) as failed,
        ):
            confirmation.send(db, code=DESIST, outbox_journal=journal, mail_sender=sender, clock=lambda: NOW)
        assert "4 gardé(s) pour le prochain envoi (erreur de configuration : l'expéditeur des mails n'est pas " \
            "renseigné ([ecandidat] mail_from, mail.from.noreply d'eCandidat ; ou from_email de la connexion " \
            "smtp_default))" in str(failed.value)  # fmt: skip
        assert "indisponible" not in str(failed.value)
    assert any(
        line.endswith("Envoi interrompu, erreur de configuration : l'expéditeur des mails n'est pas renseigné "
                      "([ecandidat] mail_from, mail.from.noreply d'eCandidat ; ou from_email de la connexion "
                      "smtp_default) : 4 mail(s) gardé(s)")
        for line in failed.value.summary.lignes
    )  # fmt: skip
    assert smtp.received == []
    assert outbox.pending(journal) == 4
    # The connection's from_email serves when mail_from is unset, as the SMTP provider's own fallback.
    monkeypatch.setenv(
        "AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection(from_email="scol@univ.example.org"))
    )
    with MailSender("smtp_default", "") as sender:
        summary = confirmation.send(
            db, code=DESIST, outbox_journal=journal, mail_sender=sender, clock=lambda: NOW
        )
    assert summary.compteurs["mails_envoyes"] == 4
    assert {r.mail_from for r in smtp.received} == {"scol@univ.example.org"}


def test_addresses_ecandidat_rejects_are_left_out_and_named(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    """eCandidat mails no address its REGEX_MAIL rejects (an accent, a space, a top-level domain over
    six letters), without a word; here too, and the summary names each (the dry run's as well)."""
    scenario(db)
    db.execute(
        "UPDATE compte_minima SET mail_perso_cpt_min = 'candidat2@exemple-école.fr' WHERE id_cpt_min = 2"
    )
    db.execute("UPDATE centre_candidature SET typ_send_mail_ctr_cand = 'M', mail_contact_ctr_cand = %s",
               ("scolarite@univ.education",))  # fmt: skip
    dry = run(db, DESIST, None, dry_run=True)
    assert dry.compteurs["adresses_refusees"] == 2
    run(db, DESIST, journal)
    summary = send(db, DESIST, journal)
    assert summary.compteurs["mails_envoyes"] == 3
    assert summary.compteurs["adresses_refusees"] == 2
    for lines in (dry.lignes, summary.lignes):
        text = "\n".join(lines)
        assert "pas d'adresse valide pour CANDIDATURE_DESIST_AUTO" in text
        assert (
            "Adresse non utilisée, refusée par eCandidat (REGEX_MAIL) : « candidat2@exemple-école.fr » "
            "(CANDIDATURE_DESIST_AUTO, candidature " in text
        )
        assert (
            "Adresse non utilisée, refusée par eCandidat (REGEX_MAIL) : « scolarite@univ.education » (copie cachée, "
            in text
        )
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
        "candidat1@example.org", "candidat3@example.org", "commission.sciences@example.org"]  # fmt: skip
    assert all(len(r.rcpt_tos) == 1 for r in smtp.received), "no BCC to the rejected address"
