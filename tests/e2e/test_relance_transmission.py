"""BATCH_RELANCE_TRANSMISSION on the demo data, on both engines: the N-day rule for two delays and
eCandidat's return deadline, what is left alone, the formations, the settings, the mails as a real SMTP
server receives them, reruns, SIGKILL between the journal and the sends, the dry run, and the DAG."""

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
from ecandidat_batches.jobs import relance_transmission
from ecandidat_batches.mails import outbox
from ecandidat_batches.mails.sender import MailSender
from ecandidat_batches.mails.templates import FOOTERS
from ecandidat_batches.relance import reglages
from ecandidat_batches.summary import BatchFailedError

ROOT = Path(__file__).resolve().parents[2]
NOW = paris_now().replace(hour=6, minute=30, second=0, microsecond=0)  # the demo is dated from today
TODAY = NOW.date()
SENDER = "noreply@univ.example.org"
CODE = "BATCH_RELANCE_TRANSMISSION"
SUBJECT = reglages.DEFAULT_SUJET


@pytest.fixture
def db(demo_db: Any) -> Any:
    return demo_db


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def cand(db: Any, id_candidat: int, cod_form: str) -> int:
    return int(db.execute(
        "SELECT c.id_cand FROM candidature c JOIN formation f ON f.id_form = c.id_form"
        " WHERE c.id_candidat = %s AND f.cod_form = %s", (id_candidat, cod_form)).fetchone()[0])  # fmt: skip


def waiting(db: Any, id_cand: int, *, own: dt.date | None = None) -> None:
    """Back to eCandidat's "en attente": never transmitted; ``own`` the candidature's new deadline."""
    db.execute("UPDATE candidature SET cod_typ_statut = 'AT', dat_trans_dossier_cand = NULL,"
               " dat_recept_dossier_cand = NULL, dat_new_retour_cand = %s WHERE id_cand = %s", (own, id_cand))  # fmt: skip


def scenario(db: Any) -> dict[str, int]:
    """M1-MIAGE's files are due in 7 days, M1-HIST's in 2, L3-INFO's tomorrow; with delays 7 and 2:
    ``d7`` ``own7`` ``miage_own2`` due at 7 days, ``d2`` ``own2`` at 2; the rest left alone."""
    for cod_form, n in (("M1-MIAGE", 7), ("M1-HIST", 2), ("L3-INFO", 1)):
        db.execute("UPDATE formation SET dat_retour_form = %s WHERE cod_form = %s", (day(n), cod_form))
    ids = {
        "d7": cand(db, 2, "M1-MIAGE"),
        "d2": cand(db, 1, "M1-HIST"),
        "own7": cand(db, 2, "L3-INFO"),  # its own deadline, later than the formation's, wins: 7 days
        "miage_own2": cand(db, 4, "M1-MIAGE"),  # its own date is earlier: eCandidat keeps the formation's
        "own2": cand(db, 4, "L3-INFO"),  # its own deadline in 2 days
        "early": cand(db, 3, "M1-HIST"),  # its own deadline in 3 days: no delay matches
        "transmitted": cand(db, 1, "M1-MIAGE"),
        "transmitted_back": cand(db, 3, "M1-MIAGE"),  # set back to "en attente" after its transmission
        "cancelled": cand(db, 10, "M1-MIAGE"),
        "other_campaign": cand(db, 6, "M1-MIAGE"),
        "other_si": cand(db, 5, "M1-MIAGE"),
    }
    for key in ("d7", "d2", "transmitted_back", "cancelled", "other_campaign", "other_si"):
        waiting(db, ids[key])
    waiting(db, ids["own7"], own=day(7))
    waiting(db, ids["miage_own2"], own=day(2))
    waiting(db, ids["own2"], own=day(2))
    waiting(db, ids["early"], own=day(3))
    stamp = wall_clock(NOW) - dt.timedelta(days=1)
    db.execute("UPDATE candidature SET cod_typ_statut = 'RE', dat_trans_dossier_cand = %s WHERE id_cand = %s",
               (stamp, ids["transmitted"]))  # fmt: skip
    db.execute("UPDATE candidature SET dat_trans_dossier_cand = %s WHERE id_cand = %s",
               (stamp, ids["transmitted_back"]))  # fmt: skip
    db.execute("UPDATE candidature SET dat_annul_cand = %s, user_annul_cand = 'candidat' WHERE id_cand = %s",
               (stamp, ids["cancelled"]))  # fmt: skip
    db.execute("UPDATE compte_minima SET id_camp = 3 WHERE id_cpt_min = 6")  # next year's campaign
    # Another SI's campaign, active today too: the batch reads the configured SI's (D) only.
    db.execute("INSERT INTO campagne (id_camp, cod_camp, typ_siscol, lib_camp, dat_deb_camp, dat_fin_camp, tes_camp)"
               " VALUES (4, 'CAMPPEG', 'P', 'Campagne Pégase', %s, %s, TRUE)", (day(-30), day(30)))  # fmt: skip
    db.execute("UPDATE compte_minima SET id_camp = 4 WHERE id_cpt_min = 5")
    return ids


def store(delais: Any = (7, 2), formations: Any = (), **texts: str) -> str:
    return json.dumps({"delais": list(delais), "formations": list(formations), **texts})


def run(db: Any, journal: outbox.Journal | None, settings: str | None = None, *, at: dt.datetime = NOW,
        **kwargs: Any) -> Any:  # fmt: skip
    db.autocommit = False
    try:
        return relance_transmission.run(
            db, code=CODE, outbox_journal=journal, clock=lambda: at, read_reglages=lambda: settings, **kwargs
        )
    finally:
        db.autocommit = True


def send(db: Any, journal: outbox.Journal, settings: str | None = None) -> Any:
    with MailSender("smtp_default", SENDER) as sender:
        return relance_transmission.send(db, code=CODE, outbox_journal=journal, mail_sender=sender,
                                         clock=lambda: NOW, read_reglages=lambda: settings)  # fmt: skip


def received(smtp: RecordingSmtp) -> Counter[tuple[str, str]]:
    return Counter((r.rcpt_tos[0], r.message["Subject"]) for r in smtp.received)


def test_two_delays_the_deadline_rule_and_what_is_left_alone(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    scenario(db)
    before = db.execute("SELECT * FROM candidature ORDER BY id_cand").fetchall()
    summary = run(db, journal)
    c = summary.compteurs
    assert (c["dues_j7"], c["dues_j2"], c["candidatures_dues"], c["relances"]) == (3, 2, 5, 5)
    assert c["mails_annonces"] == 5
    assert any(
        f"À 7 jour(s) de la date limite (le {day(7):%d/%m/%Y}) : 3 candidature(s)" in x
        for x in summary.lignes
    )
    assert smtp.received == [], "the mails go with the next task"
    assert db.execute("SELECT * FROM candidature ORDER BY id_cand").fetchall() == before, (
        "eCandidat unchanged"
    )

    sent = send(db, journal)
    assert sent.compteurs["mails_envoyes"] == 5
    assert received(smtp) == Counter({
        ("candidat2@example.org", SUBJECT): 2, ("candidat4@example.org", SUBJECT): 2,
        ("candidat1@example.org", SUBJECT): 1,
    })  # fmt: skip
    # The deadline each mail says is eCandidat's: the candidature's own when later, else the formation's.
    bodies = {r.rcpt_tos[0] + r.message.get_body(("html",)).get_content() for r in smtp.received}
    deadline = {(a, f): any(a in b and f in b and f"avant le {d:%d/%m/%Y}" in b for b in bodies)
                for a, f, d in (("candidat2", "Licence 3 Informatique", day(7)),
                                ("candidat4", "Master 1 MIAGE", day(7)),
                                ("candidat4", "Licence 3 Informatique", day(2)))}  # fmt: skip
    assert all(deadline.values()), deadline
    stored = json.loads(journal.load() or "{}")
    assert stored["lots"] == []
    assert stored["relances"]["jour"] == TODAY.isoformat(), "the day's record stays"


def test_a_rerun_the_same_day_sends_nothing_twice_and_delay_2_reminds_again(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    ids = scenario(db)
    run(db, journal)
    send(db, journal)
    again = run(db, journal)
    assert (again.compteurs["candidatures_dues"], again.compteurs["deja_relancees"]) == (5, 5)
    assert again.compteurs["mails_annonces"] == 0
    assert any("5 déjà relancée(s) aujourd'hui" in line for line in again.lignes)
    assert send(db, journal).compteurs["mails_envoyes"] == 0
    assert len(smtp.received) == 5
    # Five days later, the three reminded at 7 days are 2 days from their deadline: reminded again.
    later = run(db, journal, at=NOW + dt.timedelta(days=5))
    assert (later.compteurs["dues_j2"], later.compteurs["deja_relancees"]) == (3, 0)
    send(db, journal)
    assert Counter(r.rcpt_tos[0] for r in smtp.received[5:]) == Counter(
        {"candidat2@example.org": 2, "candidat4@example.org": 1}
    )
    record = json.loads(journal.load() or "{}")["relances"]
    assert record["jour"] == day(5).isoformat(), "only the current day is kept"
    assert record["delais"] == {"2": sorted(ids[k] for k in ("d7", "own7", "miage_own2"))}


def test_a_missed_day_is_not_caught_up(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    scenario(db)
    summary = run(db, journal, at=NOW + dt.timedelta(days=1))  # yesterday's run never happened
    # Tomorrow's 7 and 2 days away are 8 and 3 from today: only "early" (its own date, today + 3).
    assert (summary.compteurs["dues_j7"], summary.compteurs["dues_j2"]) == (0, 1)
    assert any(
        "1 candidature(s) relancée(s), 1 due(s) aujourd'hui (un jour manqué" in x for x in summary.lignes
    )


def test_the_formations_filter_names_unknown_codes(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    ids = scenario(db)
    summary = run(db, journal, store(formations=["M1-MIAGE", "M2-INCONNU"]))
    assert summary.compteurs["relances"] == 2
    assert summary.compteurs["formations_inconnues"] == 1
    assert any("inconnue(s) dans eCandidat : M2-INCONNU" in line for line in summary.lignes)
    assert any("formations M1-MIAGE, M2-INCONNU" in line for line in summary.lignes)
    lot = json.loads(journal.load() or "{}")["lots"][0]
    assert sorted(i for _k, i in lot["mails"]) == sorted((ids["d7"], ids["miage_own2"]))


def test_settings_are_read_and_a_bad_stored_value_fails_before_any_mail(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    scenario(db)
    assert run(db, journal, store(delais=[3])).compteurs["relances"] == 1, "the delays are read: early"
    for bad, named in (
        ("{not json", "JSON invalide"),
        (store(delais=["sept"]), "« sept » n'est pas un nombre de jours"),
        (store(delais=[7], corps="${candidat.nom}"), "variable inconnue ${candidat.nom}"),
        (json.dumps({"delai": [7]}), "champ inconnu « delai »"),
    ):
        with pytest.raises(BatchFailedError, match="Réglages de la relance illisibles") as failed:
            run(db, journal, bad, at=NOW + dt.timedelta(days=1))
        text = "\n".join(failed.value.summary.lignes)
        assert reglages.VARIABLE_KEY in text, text
        assert named in text, text
    assert outbox.pending(journal) == 1, "nothing announced by the refused runs"


def test_an_admin_s_template_follows_ecandidat_s_rules(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    ids = scenario(db)
    settings = store(
        formations=["L3-INFO"],
        sujet="Dossier ${candidat.numDossierOpi} : ${formation.code} avant le ${formation.datRetour}",
        corps="<p>${candidat.civilite} ${candidat.nomPat}{if($formation.motCle)} (${formation.motCle})"
        "{endif($formation.motCle)}</p>",
    )
    db.execute("UPDATE candidat SET nom_pat_candidat = 'O''Brien & <Fils>' WHERE id_candidat = 2")
    run(db, journal, settings)
    db.execute(
        "UPDATE centre_candidature SET typ_send_mail_ctr_cand = 'M', mail_contact_ctr_cand = 'scol@univ.fr'"
    )
    send(db, journal, settings)
    got = {r.rcpt_tos[0]: r for r in smtp.received}
    assert set(got) == {"candidat2@example.org", "candidat4@example.org"}
    two = got["candidat2@example.org"]
    assert two.rcpt_tos == ["candidat2@example.org", "scol@univ.fr"], "the centre's BCC rule, as eCandidat"
    assert two.message["Subject"] == f"Dossier DEMO0002 : L3-INFO avant le {day(7):%d/%m/%Y}"
    assert two.message.get_body(("html",)).get_content() == (
        "<p>Madame O&#x27;Brien &amp; &lt;Fils&gt;</p>" + FOOTERS["fr"]
    ), "values escaped, the {if} block of an empty variable removed, eCandidat's footer"
    assert ids["own7"] != ids["own2"]


def test_a_candidature_transmitted_before_its_mail_gets_none(
    db: Any, smtp: RecordingSmtp, journal: Any
) -> None:
    ids = scenario(db)
    run(db, journal)
    db.execute("UPDATE candidature SET cod_typ_statut = 'RE', dat_trans_dossier_cand = %s WHERE id_cand = %s",
               (wall_clock(NOW), ids["d7"]))  # fmt: skip
    summary = send(db, journal)
    assert summary.compteurs["mails_envoyes"] == 4
    assert summary.compteurs["mails_sans_objet"] == 1
    assert any(
        f"candidature {ids['d7']}, dossier DEMO0002 : transmise ou annulée" in x for x in summary.lignes
    )


def test_the_dry_run_lists_the_mails_and_writes_nothing(db: Any, smtp: RecordingSmtp, journal: Any) -> None:
    ids = scenario(db)
    summary = run(db, journal, dry_run=True)
    assert journal.load() is None
    assert smtp.received == []
    listed = [line for line in summary.lignes if " Mail " in line]
    assert len(listed) == 5
    assert any(
        f"CANDIDATURE_RELANCE_TRANSMISSION à candidat1@example.org (candidature {ids['d2']}, dossier DEMO0001)"
        f" : {SUBJECT}" in line
        for line in listed
    )
    assert all("[simulation]" in line for line in summary.lignes)
    real = run(db, journal)
    assert real.compteurs == summary.compteurs, "the dry run reports what the run does"
    # After the run, a dry run knows who was reminded today.
    assert run(db, journal, dry_run=True).compteurs["deja_relancees"] == 5


RUNNER = Path(__file__).with_name("relance_runner.py")


def runner(journal: Path, point: str, nth: int = 1) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, str(RUNNER), str(journal), point, str(nth), NOW.isoformat()],
                          env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode in (0, -9), done.stderr
    return done.returncode


@pytest.mark.parametrize(("point", "nth"), [("selected", 1), ("announced", 1), ("sent", 1), ("sent", 3)])
def test_killed_then_rerun_the_same_day_every_mail_once_but_the_one_in_flight(
    db: Any, smtp: RecordingSmtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str, nth: int
) -> None:
    scenario(db)
    # A subject of its own per candidature, to count each one's mails.
    monkeypatch.setenv(
        "ECB_RELANCE_REGLAGES", store(sujet="Relance ${formation.code} ${candidat.numDossierOpi}")
    )
    path = tmp_path / "mails.json"
    assert runner(path, point, nth) == -9
    if point == "announced":
        assert outbox.pending(outbox.FileJournal(path)) == 5, "announced with the day's record, none sent"
    assert runner(path, "never") == 0
    counts = received(smtp)
    assert sum(1 for _ in counts) == 5, counts
    duplicates = sum(n - 1 for n in counts.values())
    # Only the mail in flight, or one sent while its predecessor's progress was being written.
    assert duplicates <= (2 if point == "sent" else 0), counts
    assert outbox.pending(outbox.FileJournal(path)) == 0


@pytest.fixture
def no_journal(airflow_db: None) -> Any:
    """The batch's journal (an Airflow Variable, with the day's record) gone before and after."""
    from airflow.models.variable import Variable

    key = outbox.VARIABLE_PREFIX + CODE
    Variable.delete(key)
    yield
    Variable.delete(key)


def test_the_dag(db: Any, smtp: RecordingSmtp, no_journal: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.dag_processing.dagbag import DagBag

    scenario(db)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__MAIL_FROM", SENDER)
    monkeypatch.setenv("AIRFLOW_VAR_" + reglages.VARIABLE_KEY.upper(), store(delais=[2]))
    dag = DagBag(dag_folder=str(DAGS)).dags[CODE]
    assert [t.task_id for t in dag.tasks] == ["relancer", "envoyer_mails"]
    assert dag.dag_display_name == "Relance des candidatures non transmises"
    preview = dag.test(logical_date=None, run_conf={"dry_run": True})
    assert str(getattr(preview.state, "value", preview.state)) == "success"
    tasks = {ti.task_id: ti for ti in preview.get_task_instances()}
    changes = tasks["relancer"].xcom_pull(task_ids="relancer")
    assert changes["simulation"] is True
    assert changes["compteurs"]["relances"] == 2
    assert smtp.received == []
    dag = DagBag(dag_folder=str(DAGS)).dags[CODE]  # dag.test() keeps the previous run's conf
    result = dag.test(logical_date=None)
    assert str(getattr(result.state, "value", result.state)) == "success"
    assert {r.rcpt_tos[0] for r in smtp.received} == {"candidat1@example.org", "candidat4@example.org"}
    assert {r.mail_from for r in smtp.received} == {SENDER}
