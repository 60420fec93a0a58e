"""The grants the README gives for eCandidat's own MariaDB: an account with exactly those (rows of the
listed tables, no DDL) runs every batch that works on the database, and reads nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import NEWER_HISTORY, execute_batch, flyway_history

from ecandidat_batches.admin.cli import grants, main
from ecandidat_batches.files.stores import FileSystemStore
from ecandidat_batches.jobs import demo
from ecandidat_batches.schedule.registry import get_batch

USER, PASSWORD = "ecandidat_least", "least-pass"
DATABASE_BATCHES = ["BATCH_APP_EN_MAINT", "BATCH_CALCUL_RANG_LC", "BATCH_ARCHIVAGE", "BATCH_NETTOYAGE_CPT",
                    "BATCH_DESTRUCT_DOSSIER", "BATCH_APP_EN_SERVICE"]  # fmt: skip


@pytest.fixture
def least_privileged(app_db: Any, mariadb: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The demo data in MariaDB, and the batches connected as an account with only the printed grants."""
    store = FileSystemStore(tmp_path / "files")
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    flyway_history(app_db, NEWER_HISTORY)  # a real eCandidat's database has it: its SELECT is granted
    account = f"'{USER}'@'localhost'"
    mariadb.execute(f"DROP USER IF EXISTS {account}", f"CREATE USER {account} IDENTIFIED BY '{PASSWORD}'",
                    *grants(account))  # fmt: skip
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(store.root))
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_DB", json.dumps(
        {"conn_type": "mysql", "login": USER, "password": PASSWORD, "schema": "ecandidat",
         "extra": {"unix_socket": str(mariadb.socket)}}
    ))  # fmt: skip
    yield mariadb
    mariadb.execute(f"DROP USER {account}")


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_printed_grants_run_every_database_batch(least_privileged: Any) -> None:
    done, lines = {}, {}
    for code in DATABASE_BATCHES:
        params = {"dry_run": False} if get_batch(code).dry_run else {}
        summary = execute_batch(code, {"params": params})
        done[code], lines[code] = summary["compteurs"], summary["lignes"]
    # SELECT on Flyway's history is enough to say that eCandidat is newer than this package knows.
    assert all(any("eCandidat est en version 2.5.00.00" in line for line in lines[c]) for c in lines)
    assert done["BATCH_APP_EN_MAINT"]["modifie"] == done["BATCH_APP_EN_SERVICE"]["modifie"] == 1
    assert done["BATCH_CALCUL_RANG_LC"]["rangs_modifies"] > 0
    assert done["BATCH_ARCHIVAGE"]["campagnes"] == 1
    assert done["BATCH_NETTOYAGE_CPT"]["comptes"] > 0
    assert done["BATCH_DESTRUCT_DOSSIER"]["compte_minima"] > 0


@pytest.mark.parametrize("engine", ["mariadb"])
def test_nothing_else_is_granted(least_privileged: Any) -> None:
    import MySQLdb

    conn = least_privileged.connect("ecandidat", user=USER, password=PASSWORD)
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM compte_minima")
        cur.execute("SELECT count(*) FROM schema_version")
        for forbidden in ("SELECT * FROM batch_histo", "CREATE TABLE t_ecb (id int)", "DROP TABLE opi",
                          "CREATE VIEW v_ecb AS SELECT 1", "DELETE FROM schema_version"):  # fmt: skip
            with pytest.raises(MySQLdb.OperationalError, match="denied"):
                cur.execute(forbidden)
    finally:
        conn.close()


def test_the_cli_prints_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grants", "'batch'@'10.0.0.%'", "--database", "ecand"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON `ecand`.`compte_minima` TO 'batch'@'10.0.0.%';" in lines
    assert "GRANT SELECT ON `ecand`.`schema_version` TO 'batch'@'10.0.0.%';" in lines, "Flyway's: read only"
    assert not any("`profil`" in line or "`batch_histo`" in line for line in lines), (
        "more than the batches use"
    )


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_printed_grants_run_the_si_scolarite_synchronisation(
    least_privileged: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its temporary staging tables included (CREATE TEMPORARY TABLES), and nothing more."""
    from dev import referential
    from dev.fakes.pegase import FakePegase
    from tests.fixtures.appdb import AppDb

    from ecandidat_batches.hooks.ecandidat_db import mysql_conversions
    from ecandidat_batches.hooks.pegase import PegaseHook
    from ecandidat_batches.jobs import synchro_siscol
    from ecandidat_batches.siscol.sources import PegaseSource
    from ecandidat_batches.siscol.steps import STEPS

    conn = AppDb("mariadb", least_privileged.connect("ecandidat", user=USER, password=PASSWORD,
                                                     conv=mysql_conversions()))  # fmt: skip
    conn.autocommit = False
    with FakePegase() as server:
        referential.serve(server, referential.build(0.005))
        monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(
            {"conn_type": "http", "login": "ecandidat", "password": "secret", "extra": server.extras()}
        ))  # fmt: skip
        source = PegaseSource(PegaseHook())
        try:
            out = {
                s.name: synchro_siscol.run_step(conn, s.name, source, typ_siscol="P").compteurs for s in STEPS
            }
        finally:
            conn.close()
    assert out["commune"]["inseres"] > 0
    assert out["etablissement"]["inseres"] > 0
    assert out["version"]["inseres"] == 1


@pytest.mark.parametrize("engine", ["mariadb"])
def test_the_printed_grants_run_the_candidature_batches_and_their_mails(
    least_privileged: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """BATCH_DESIST_AUTO's withdrawal, promotion and reranking, then its mails with the centre's
    gestionnaires in BCC (eCandidat's rule 'L'), as the least-privileged account."""
    from dev.fakes.smtp import RecordingSmtp
    from tests.fixtures.appdb import AppDb

    from ecandidat_batches.hooks.ecandidat_db import mysql_conversions
    from ecandidat_batches.jobs import confirmation
    from ecandidat_batches.mails.outbox import FileJournal
    from ecandidat_batches.mails.sender import MailSender

    root = AppDb("mariadb", least_privileged.connect("ecandidat", conv=mysql_conversions()))
    root.autocommit = True
    root.execute(
        "UPDATE formation SET dat_confirm_form = CURDATE() - INTERVAL 1 DAY WHERE cod_form = 'M1-HIST'"
    )
    root.execute(
        "INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,"
        " user_cre_type_dec_cand, tem_valid_type_dec_cand, dat_valid_type_dec_cand) SELECT c.id_cand, 1, FALSE,"
        " NOW(), 'test', TRUE, NOW() FROM candidature c JOIN formation f ON f.id_form = c.id_form"
        " WHERE f.cod_form = 'M1-HIST' AND c.id_candidat = 1"
    )  # fmt: skip
    root.execute("UPDATE centre_candidature SET typ_send_mail_ctr_cand = 'L'")  # its gestionnaires in BCC
    root.execute(
        "INSERT INTO droit_profil (id_profil, cod_profil, lib_profil, typ_profil, tem_updatable, tes_profil,"
        " dat_cre_profil, user_cre_profil, dat_mod_profil, user_mod_profil)"
        " VALUES (1, 'GEST', 'Gestionnaire', 'G', TRUE, TRUE, NOW(), 'test', NOW(), 'test')"
    )  # fmt: skip
    root.execute(
        "INSERT INTO droit_profil_ind (id_droit_profil_ind, login_ind, id_profil) VALUES (1, 'gestscol', 1)"
    )
    root.execute("INSERT INTO gestionnaire (id_droit_profil_ind, id_ctr_cand, typ_siscol, tem_all_comm_gest)"
                 " VALUES (1, 1, 'D', TRUE)")  # fmt: skip
    root.close()
    conn = AppDb("mariadb", least_privileged.connect("ecandidat", user=USER, password=PASSWORD,
                                                     conv=mysql_conversions()))  # fmt: skip
    journal = FileJournal(tmp_path / "mails.json")
    try:
        conn.autocommit = False
        summary = confirmation.run(conn, code="BATCH_DESIST_AUTO", action="desist", outbox_journal=journal)
        conn.autocommit = True
        assert summary.compteurs["desistements"] == 1
        assert summary.compteurs["passages_liste_principale"] == 1
        with RecordingSmtp() as smtp:
            monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(smtp.connection()))
            with MailSender("smtp_default", "noreply@univ.example.org") as sender:
                sent = confirmation.send(
                    conn, code="BATCH_DESIST_AUTO", outbox_journal=journal, mail_sender=sender
                )
            assert sent.compteurs["mails_envoyes"] == 3
            assert {tuple(r.rcpt_tos[1:]) for r in smtp.received} == {("scol@example.org",)}
    finally:
        conn.close()
