"""BATCH_SYNCHRO_SISCOL on the real database engines, from a local Pégase server and an Apogée-shaped
PostgreSQL database loaded with a (small) French referential (dev/referential.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dev import referential
from dev.fakes.pegase import FakePegase
from tests.fixtures.airflow import DAGS

from ecandidat_batches.jobs import synchro_siscol
from ecandidat_batches.siscol.sources import ApogeeSource, PegaseSource, Source
from ecandidat_batches.siscol.steps import STEPS

ROOT = Path(__file__).resolve().parents[2]
REF = referential.build(0.01)


@pytest.fixture(scope="module")
def apogee_db(pgdata: Path) -> str:
    """An Apogée-shaped database ``apogee`` beside the test's eCandidat database, loaded once."""
    from tests.fixtures.postgres import admin_connect

    with admin_connect(pgdata) as conn:
        conn.execute("DROP DATABASE IF EXISTS apogee")
        conn.execute("CREATE DATABASE apogee")
    with admin_connect(pgdata, "apogee") as conn:
        conn.autocommit = False
        referential.load_apogee(conn, REF)
    return json.dumps({"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "apogee"})


@pytest.fixture
def apogee(apogee_db: str, monkeypatch: pytest.MonkeyPatch) -> ApogeeSource:
    monkeypatch.setenv("AIRFLOW_CONN_APOGEE_DEFAULT", apogee_db)
    return ApogeeSource(fetch_size=100)


@pytest.fixture
def pegase(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePegase]:
    with FakePegase() as server:
        referential.serve(server, REF)
        conn = {"conn_type": "http", "login": "ecandidat", "password": "secret",
                "extra": {**server.extras(), "timeout": 2, "retries": 1, "page_size": 100}}  # fmt: skip
        monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(conn))
        yield server


def outcome(summary: Any) -> dict[str, Any]:
    """A step's summary as its counters, or ``{"ignoree": why}`` when the step did nothing."""
    (line,) = summary.lignes
    text = line.split(" : ", 1)[1]
    if text.endswith(", table inchangée"):
        return {"ignoree": text.removesuffix(", table inchangée")}
    counts = {k: v for k, v in summary.compteurs.items() if not k.startswith("ignores")}
    reasons = {k.removeprefix("ignores (").removesuffix(")"): v for k, v in summary.compteurs.items()
               if k.startswith("ignores (")}  # fmt: skip
    assert sum(reasons.values()) == summary.compteurs["ignores"]
    return {**counts, "ignores": reasons}


def sync_all(conn: Any, source: Source, typ: str, **kwargs: Any) -> dict[str, dict[str, Any]]:
    """Every step in eCandidat's order, as the DAG runs them (without the scheduler)."""
    conn.autocommit = False
    try:
        return {
            s.name: outcome(synchro_siscol.run_step(conn, s.name, source, typ_siscol=typ, **kwargs))
            for s in STEPS
        }
    finally:
        conn.autocommit = True


def count(conn: Any, table: str, typ: str = "P") -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE typ_siscol = %s", (typ,)).fetchone()[0])


def pegase_source() -> PegaseSource:
    from ecandidat_batches.hooks.pegase import PegaseHook

    return PegaseSource(PegaseHook())


def test_pegase_full_sync_with_ecandidat_rules(app_db: Any, pegase: FakePegase) -> None:
    out = sync_all(app_db, pegase_source(), "P")
    t = REF.tables
    insee = {c["COD_COM"] for c in t["COMMUNE"]}
    old = set(REF.old_codes.values()) - insee
    assert count(app_db, "siscol_commune") == len(insee) + len(old) == out["commune"]["inseres"]
    assert (
        app_db.execute(
            "SELECT count(*) FROM siscol_commune WHERE typ_siscol = 'P' AND cod_com IN %s AND tem_en_sve_com"
            if app_db.engine == "mariadb"
            else "SELECT count(*) FROM siscol_commune WHERE typ_siscol = 'P' AND cod_com = ANY(%s) AND tem_en_sve_com",
            (tuple(old) if app_db.engine == "mariadb" else list(old),),
        ).fetchone()[0]
        == 0
    ), "old INSEE codes are out of service"
    assert count(app_db, "siscol_com_bdi") == len(t["COM_BDI"])
    # Establishments: skipped without commune, or with a commune eCandidat does not know; padded.
    etab = out["etablissement"]
    assert etab["ignores"]["département, commune ou libellé manquant"] > 0
    assert etab["ignores"]["commune inconnue"] > 0
    assert count(app_db, "siscol_etablissement") == len(t["ETABLISSEMENT"]) - sum(etab["ignores"].values())
    padded = next(e for i, e in enumerate(t["ETABLISSEMENT"])
                  if e["COD_COM_ADR_ETB"].startswith("0") and i % 3 == 0 and i % 97 != 5 and i % 89 != 3)  # fmt: skip
    assert app_db.execute(
        "SELECT cod_com, lib_etb, lic_etb, lib_web_etb, cod_tpe_etb FROM siscol_etablissement WHERE cod_etb = %s",
        (padded["COD_ETB"],),
    ).fetchone() == (padded["COD_COM_ADR_ETB"], padded["LIB_ETB"].upper(), padded["LIB_ETB"].upper(),
                     padded["LIB_ETB"].upper(), padded["COD_TPE"])  # fmt: skip
    # Labels upper-cased, validity dates as years, flags, the nationality's fallback.
    bac = t["BAC_OUX_EQU"][1]
    assert app_db.execute(
        "SELECT lib_bac, daa_deb_vld_bac, daa_fin_vld_bac, tem_en_sve_bac, tem_ctrl_ine_bac FROM siscol_bac_oux_equ"
        " WHERE cod_bac = %s", (bac["COD_BAC"],),
    ).fetchone() == (bac["LIB_BAC"].upper(), bac["DAA_DEB_VLD_BAC"], None, True, False)  # fmt: skip
    assert app_db.execute("SELECT lib_nat FROM siscol_pays WHERE cod_pay = '100'").fetchone() == ("P0",)
    assert app_db.execute("SELECT lib_dep FROM siscol_departement WHERE cod_dep = '001'").fetchone() == (
        "DÉPARTEMENT 001",
    )
    # Pégase's lists: what it does not provide is skipped, never emptied; the academic years; the version.
    for name in (
        "regime",
        "statut",
        "cat_exo_ext",
        "option_bac",
        "bac_opt_bac",
        "bac_spe_bac",
        "utilisateur",
    ):
        assert out[name] == {"ignoree": "non fournie par Pégase"}
    assert out["centre_gestion"]["lus"] == 0
    assert count(app_db, "siscol_dip_aut_cur") == count(app_db, "siscol_typ_diplome") == len(t["TYP_DIPLOME"])
    assert app_db.execute("SELECT eta_anu_iae, lib_anu FROM siscol_annee_uni WHERE cod_anu = '2025'").fetchone() == (
        "O", "Année universitaire 2025/2026")  # fmt: skip
    assert app_db.execute(
        "SELECT val_version FROM version WHERE cod_version = 'VERSION_SI_SCOL'"
    ).fetchone() == ("Pégase - 1.0.0",)


def snapshot(conn: Any) -> dict[str, Any]:
    """Every synchronised row; on PostgreSQL with its row version (xmin): a rewrite changes it."""
    out = {}
    for step in STEPS:
        extra = ", xmin::text" if conn.engine == "postgresql" else ""
        out[step.table] = sorted(map(str, conn.execute(f"SELECT *{extra} FROM {step.table}").fetchall()))
    return out


def test_a_second_run_changes_and_rewrites_nothing(app_db: Any, pegase: FakePegase) -> None:
    sync_all(app_db, pegase_source(), "P")
    before = snapshot(app_db)
    out = sync_all(app_db, pegase_source(), "P")
    for name, outcome in out.items():
        assert outcome.get("inseres", 0) == outcome.get("mis_a_jour", 0) == 0, name
    assert out["commune"]["inchanges"] == out["commune"]["lus"]
    assert snapshot(app_db) == before


def test_a_changed_label_is_updated_and_a_row_gone_is_kept(app_db: Any, pegase: FakePegase) -> None:
    sync_all(app_db, pegase_source(), "P")
    pays = pegase.nomenclatures["PaysNationalite"]
    gone = pays.pop()
    pays[0] = {**pays[0], "libelleAffichage": "Pays renommé"}
    pegase.nomenclatures["Departement"][0]["libelleLong"] = "département 001 bis"
    out = sync_all(app_db, pegase_source(), "P")
    assert (out["pays"]["mis_a_jour"], out["pays"]["inseres"]) == (1, 0)
    assert out["departement"]["mis_a_jour"] == 1
    assert app_db.execute("SELECT lib_pay FROM siscol_pays WHERE cod_pay = '100'").fetchone() == (
        "PAYS RENOMMÉ",
    )
    assert app_db.execute(
        "SELECT lib_pay FROM siscol_pays WHERE cod_pay = %s", (gone["code"],)
    ).fetchone() == (gone["libelleAffichage"].upper(),), "a row the source no longer has is kept as it was"


def test_a_dry_run_writes_nothing(app_db: Any, pegase: FakePegase) -> None:
    out = sync_all(app_db, pegase_source(), "P", dry_run=True)
    assert out["commune"]["inseres"] > 0
    assert count(app_db, "siscol_commune") == count(app_db, "siscol_etablissement") == 0


def test_apogee_full_sync(app_db: Any, apogee: ApogeeSource, pgdata: Path) -> None:
    from tests.fixtures.postgres import admin_connect

    out = sync_all(app_db, apogee, "A")
    t = REF.tables
    assert out["commune_naiss"] == {"ignoree": "non fournie par Apogée"}
    for name, table in (("commune", "COMMUNE"), ("com_bdi", "COM_BDI"), ("regime", "REGIME_INS"),
                        ("bac_opt_bac", "BAC_REGROUPE_OPT_BAC"), ("annee_uni", "ANNEE_UNI")):  # fmt: skip
        assert out[name]["inseres"] == len(t[table]), name
    assert count(app_db, "siscol_etablissement", "A") == len(t["ETABLISSEMENT"])
    assert app_db.execute(
        "SELECT tem_en_sve_bac, tem_ctrl_ine_bac FROM siscol_bac_oux_equ WHERE cod_bac IN ('B000', 'B001') ORDER BY 1"
    ).fetchall() == [(False, False), (True, True)], "'N' and NULL are false, 'O' true"
    users = app_db.execute(
        "SELECT id_uti, cod_uti FROM siscol_utilisateur WHERE typ_siscol = 'A' ORDER BY id_uti"
    ).fetchall()
    assert out["utilisateur"]["ignores"] == {"centre de gestion inconnu": 1}
    assert [u[0] for u in users] == list(range(1, len(t["UTILISATEUR"])))
    assert [u[1] for u in users] == sorted(u["COD_UTI"] for u in t["UTILISATEUR"][:-1])
    assert app_db.execute(
        "SELECT val_version FROM version WHERE cod_version = %s", ("VERSION_SI_SCOL",)
    ).fetchone() == ("Apogée - 6.00",)
    # siscol_utilisateur is rebuilt: users gone from Apogée leave, the others are renumbered.
    with admin_connect(pgdata, "apogee") as conn:
        conn.execute("CREATE TEMPORARY TABLE kept AS SELECT * FROM UTILISATEUR")
        conn.execute("DELETE FROM UTILISATEUR WHERE COD_UTI IN ('user0000', 'user0005')")
        try:
            again = sync_all(app_db, apogee, "A")
        finally:
            conn.execute(
                "INSERT INTO UTILISATEUR SELECT * FROM kept WHERE COD_UTI IN ('user0000', 'user0005')"
            )
    assert again["utilisateur"]["supprimes"] == 2
    users = app_db.execute(
        "SELECT id_uti, cod_uti FROM siscol_utilisateur WHERE typ_siscol = 'A' ORDER BY id_uti"
    ).fetchall()
    assert users[:2] == [(1, "user0001"), (2, "user0002")]
    assert len(users) == len(t["UTILISATEUR"]) - 3
    assert again["commune"]["inchanges"] == len(t["COMMUNE"])


# -- the DAG: each step a task, a failed step stops those that depend on it -------------------------


@pytest.fixture(scope="module")
def dag(airflow_db: None) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS / "batch_synchro_siscol.py")).dags["BATCH_SYNCHRO_SISCOL"]


def states(run: Any) -> dict[str, str]:
    return {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in run.get_task_instances()}


@pytest.mark.parametrize("engine", ["postgresql"])
def test_without_a_si_scolarite_the_run_succeeds_and_says_so(dag: Any, app_db: Any) -> None:
    run = dag.test(logical_date=None)
    assert set(states(run).values()) == {"success"}
    report = next(ti for ti in run.get_task_instances() if ti.task_id == "bilan")
    lines = report.xcom_pull(task_ids="bilan")["lignes"]
    assert "Aucun SI Scolarité configuré ([ecandidat] siscol_type = D) : rien n'est synchronisé" in lines[1]
    assert count(app_db, "siscol_commune", "D") == 0


def test_a_failing_step_stops_only_the_steps_that_depend_on_it(
    dag: Any, app_db: Any, pegase: FakePegase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "P")
    pegase.fail_when, pegase.fail_next = "nomenclatures/Departement/numPage/0", [503, 503]
    run = dag.test(logical_date=None)
    got = states(run)
    assert got["departement"] == "failed"
    assert got["commune_naiss"] == got["etablissement"] == got["version"] == "upstream_failed"
    assert got["bilan"] == "failed"
    assert str(getattr(run.state, "value", run.state)) == "failed"
    assert {got[n] for n in ("regime", "commune", "com_bdi", "pays", "annee_uni")} == {"success"}
    assert sum("Departement/numPage/0" in r for r in pegase.requests) == 2, "retried once (retries=1)"
    failed = next(ti for ti in run.get_task_instances() if ti.task_id == "departement")
    assert "HTTP 503" in failed.xcom_pull(task_ids="departement", key="erreur")
    assert count(app_db, "siscol_commune") > 0
    assert count(app_db, "siscol_etablissement") == 0
    # The steps that wrote asked eCandidat's nodes to reload their caches, the failed one did not.
    assert {"tr_pays", "tr_bac", "tr_annee_uni"} <= set(reloads(app_db))
    assert "tr_dpt" not in reloads(app_db)
    # Pégase is back: the next run completes.
    run = dag.test(logical_date=None)
    assert set(states(run).values()) == {"success"}
    assert count(app_db, "siscol_etablissement") > 0
    lines = next(ti for ti in run.get_task_instances() if ti.task_id == "bilan").xcom_pull(task_ids="bilan")[
        "lignes"
    ]
    assert any("Synchronisation Commune : " in line and " 0 inséré(s)" in line for line in lines)
    assert lines[-1].endswith("Fin du batch siScol")
    # Through the tasks' XComs: the départements, written this time, and the report's word on the nodes.
    assert any("Synchronisation Departement : " in line and "« tr_dpt » demandé" in line for line in lines)
    assert "tr_dpt" in reloads(app_db)
    assert any("le rechargement « tr_dpt » n'a été pris en compte par personne" in line for line in lines)


# -- Pégase in trouble: nothing half written, a clear error ------------------------------------------


def test_a_failing_page_mid_step_leaves_the_table_as_it_was(app_db: Any, pegase: FakePegase) -> None:
    from ecandidat_batches.hooks.pegase import PegaseError, PegaseUnreachableError

    app_db.autocommit = False
    source = pegase_source()
    pegase.fail_when, pegase.fail_next = "PaysNationalite/numPage/1", ["garbage"]
    with pytest.raises(
        PegaseError, match=r"nomenclature PaysNationalite page 1 : réponse qui n'est pas du JSON"
    ):
        synchro_siscol.run_step(app_db, "pays", source, typ_siscol="P")
    pegase.fail_next = [503, 503]  # retried once (retries=1), then given up
    with pytest.raises(PegaseUnreachableError, match=r"HTTP 503\) après 2 essais"):
        synchro_siscol.run_step(app_db, "pays", source, typ_siscol="P")
    app_db.autocommit = True
    assert count(app_db, "siscol_pays") == 0, "the first page's rows were not kept"
    pegase.fail_next = [503]
    app_db.autocommit = False
    assert synchro_siscol.run_step(app_db, "pays", source, typ_siscol="P").compteurs["inseres"] == len(
        REF.tables["PAYS"]
    )


def test_an_expired_token_is_renewed_mid_run(app_db: Any, pegase: FakePegase) -> None:
    source = pegase_source()
    app_db.autocommit = False
    synchro_siscol.run_step(app_db, "departement", source, typ_siscol="P")
    pegase.revoke()  # Pégase forgets the token (expired, revoked)
    out = synchro_siscol.run_step(app_db, "commune", source, typ_siscol="P")
    assert out.compteurs["inseres"] > 0
    assert source.hook.token_requests == 2


@pytest.mark.parametrize("engine", ["postgresql"])
def test_a_slow_pegase_times_out_with_a_clear_error(
    app_db: Any, pegase: FakePegase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecandidat_batches.hooks.pegase import PegaseUnreachableError

    conn = {"conn_type": "http", "login": "ecandidat", "password": "secret",
            "extra": {**pegase.extras(), "timeout": 0.3, "retries": 1}}  # fmt: skip
    monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(conn))
    pegase.delay = 0.6
    app_db.autocommit = False
    with pytest.raises(PegaseUnreachableError, match="ne répond pas"):
        synchro_siscol.run_step(app_db, "mention", pegase_source(), typ_siscol="P")


# -- rows the merge must sort out the same way on both engines ----------------------------------------


def merge_rows(conn: Any, name: str, rows: list[Any]) -> dict[str, Any]:
    from ecandidat_batches.siscol import merge
    from ecandidat_batches.siscol.sources import normalised
    from ecandidat_batches.siscol.steps import get_step

    step = get_step(name)
    conn.autocommit = False
    try:
        return merge.sync_step(conn, step, normalised(step, rows, "P"), typ_siscol="P").as_dict()
    finally:
        conn.autocommit = True


def test_a_key_twice_keeps_its_last_row_before_references_are_checked(app_db: Any) -> None:
    dep = {"cod_dep": "054", "lib_dep": "Meurthe", "lic_dep": "54", "tem_en_sve_dep": "O"}
    merge_rows(app_db, "departement", [dep])
    merge_rows(app_db, "commune", [{"cod_com": "54395", "lib_com": "Nancy", "tem_en_sve_com": "O"}])
    etab = {"cod_etb": "0540001A", "cod_tpe_etb": "01", "cod_dep": "054", "lib_etb": "Lycée", "lic_etb": "LYC",
            "tem_en_sve_etb": "O", "lib_web_etb": None}  # fmt: skip
    out = merge_rows(app_db, "etablissement", [
        {**etab, "cod_com": "54395", "lib_etb": "Premier"},
        {**etab, "cod_com": "99999", "lib_etb": "Dernier"},  # the last row wins, and points nowhere
        {**etab, "cod_etb": "0540002B", "cod_com": "54395", "cod_tpe_etb": None},  # NOT NULL, default or not
    ])  # fmt: skip
    assert out["ignores"] == {"en double dans la source": 1, "commune inconnue": 1, "cod_tpe_etb manquant": 1}
    assert (out["lus"], out["inseres"]) == (3, 0)
    assert count(app_db, "siscol_etablissement") == 0


def test_a_case_change_in_a_label_is_a_change(app_db: Any) -> None:
    """regime's labels are not upper-cased: on MariaDB's case-insensitive collation too, a case change
    is written."""
    row = {"cod_rgi": "1", "lib_rgi": "Formation initiale", "lic_rgi": "FI", "tem_en_sve_rgi": "O"}
    assert merge_rows(app_db, "regime", [row])["inseres"] == 1
    out = merge_rows(app_db, "regime", [{**row, "lib_rgi": "FORMATION INITIALE"}])
    assert (out["mis_a_jour"], out["inchanges"]) == (1, 0)
    assert app_db.execute("SELECT lib_rgi FROM siscol_regime").fetchone() == ("FORMATION INITIALE",)


# -- eCandidat's caches: a step that changed rows asks eCandidat's nodes to reload its table's cache ---


def reloads(conn: Any) -> dict[str, Any]:
    """The reload requests in eCandidat's table, by cache."""
    return dict(
        conn.execute("SELECT cod_data_lb_reload, dat_cre_lb_reload FROM load_balancing_reload").fetchall()
    )


def sync_and_report(conn: Any, source: Source, typ: str, **kwargs: Any) -> tuple[dict[str, Any], Any]:
    """Every step then the report, as the DAG runs them: each step's reload handed over as its task's
    XCom carries it (the summary's dict)."""
    from ecandidat_batches.db.nodes import ReloadRequest

    conn.autocommit = False
    try:
        done = {
            s.name: synchro_siscol.run_step(conn, s.name, source, typ_siscol=typ, **kwargs) for s in STEPS
        }
        handed = {name: summary.as_dict() for name, summary in done.items()}
        requested = {
            name: ReloadRequest.from_dict(value[synchro_siscol.RELOAD_KEY])
            for name, value in handed.items()
            if synchro_siscol.RELOAD_KEY in value
        }
        summary = synchro_siscol.report(done, {}, typ_siscol=typ, conn=conn, reloads=requested, **kwargs)
        return {name: dict(s.compteurs) for name, s in done.items()}, summary
    finally:
        conn.autocommit = True


@pytest.fixture
def node_wait(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__NODE_RELOAD_WAIT_SECONDS", "3")
    return 3.0


def test_the_steps_that_changed_rows_have_ecandidat_nodes_reload_their_caches(
    app_db: Any, pegase: FakePegase, connect_again: Any, node_wait: float
) -> None:
    import datetime as dt

    from tests.e2e.candidat_nodes import Node, check

    from ecandidat_batches.clock import paris_now, wall_clock

    check(app_db, "1", wall_clock(paris_now()) - dt.timedelta(minutes=1))
    node = Node(connect_again(), "1", every=0.3)
    node.start()
    try:
        counts, summary = sync_and_report(app_db, pegase_source(), "P")
        changed = {
            s.cache
            for s in STEPS
            if s.cache and (counts[s.name].get("inseres") or counts[s.name].get("mis_a_jour"))
        }
        # Pégase lists no régime, statut, option... (those steps are skipped): their caches stay.
        assert {"tr_bac", "tr_spe_bac", "tr_mention", "tr_dpt", "tr_pays", "tr_annee_uni"} <= changed
        assert not changed & {"tr_regime", "tr_statut", "tr_opt_bac", "tr_bac_opt_bac", "tr_cge"}
        assert set(reloads(app_db)) == changed, "one request per changed table with a cache, no other"
        assert set(node.reloaded) == changed, "the candidat node reloaded each of them"
        text = "\n".join(summary.lignes)
        assert "Synchronisation Pays : " in text
        assert "rechargement « tr_pays » demandé à eCandidat" in text
        assert "Synchronisation Commune : " in text
        assert "« tr_commune »" not in text
        assert "Serveur candidat 1 : les rechargements « tr_bac »" in text
        assert "pris en compte à" in text
        assert summary.compteurs["noeuds"] == 1
        assert summary.lignes[-1].endswith("Fin du batch siScol")

        # A label changes in one table: that table's cache alone is requested again (the requests of
        # the first run, all taken, are cleared to see the new ones: MariaDB dates them to the second).
        app_db.execute("DELETE FROM load_balancing_reload")
        node.reloaded.clear()
        pegase.nomenclatures["PaysNationalite"][0]["libelleAffichage"] = "Pays renommé"
        counts, summary = sync_and_report(app_db, pegase_source(), "P")
        assert set(reloads(app_db)) == {"tr_pays"}
        assert "tr_pays" in node.reloaded
        assert any(
            "Serveur candidat 1 : le rechargement « tr_pays » pris en compte à" in line
            for line in summary.lignes
        )

        # Nothing changes: nothing is requested, nobody is waited for.
        app_db.execute("DELETE FROM load_balancing_reload")
        counts, summary = sync_and_report(app_db, pegase_source(), "P")
        assert reloads(app_db) == {}
        assert "noeuds" not in summary.compteurs
        assert not any("rechargement" in line for line in summary.lignes)
    finally:
        node.stop.set()
        node.join()


def test_a_dry_run_requests_no_reload_and_says_which_it_would(app_db: Any, pegase: FakePegase) -> None:
    import datetime as dt

    from tests.e2e.candidat_nodes import check

    from ecandidat_batches.clock import paris_now, wall_clock

    check(app_db, "1", wall_clock(paris_now()) - dt.timedelta(minutes=1))
    _counts, summary = sync_and_report(app_db, pegase_source(), "P", dry_run=True)
    assert reloads(app_db) == {}
    text = "\n".join(summary.lignes)
    assert "rechargement « tr_pays » qui serait demandé à eCandidat" in text
    assert "Serveur(s) candidat 1 : les rechargements « tr_bac »" in text
    assert "seraient attendus" in text
