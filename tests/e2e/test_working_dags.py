"""The three working DAGs end to end with dag.test(), on the real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dags(airflow_db: None) -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    return bag.dags


def launch(dag: Any) -> tuple[str, dict[str, Any] | None]:
    """Run the DAG as "Lancer immédiatement" does (no logical date); return state and summary."""
    run = dag.test(logical_date=None)
    state = str(getattr(run.state, "value", run.state))
    work = list(run.get_task_instances())
    assert len(work) == 1
    summary = work[0].xcom_pull(task_ids=work[0].task_id, key="return_value") if state == "success" else None
    return state, summary


def param(conn: Any, code: str) -> str | None:
    row = conn.execute("SELECT val_param FROM parametre WHERE cod_param = %s", (code,)).fetchone()
    return None if row is None else row[0]


def reloads(conn: Any) -> list[tuple]:
    return conn.execute("SELECT cod_data_lb_reload, dat_cre_lb_reload FROM load_balancing_reload").fetchall()


def test_maintenance_on_then_idempotent_then_off(dags: dict, app_db: Any) -> None:
    assert param(app_db, "TECH_IS_MAINTENANCE") == "N"

    state, summary = launch(dags["BATCH_APP_EN_MAINT"])
    assert state == "success"
    assert param(app_db, "TECH_IS_MAINTENANCE") == "O"
    first_reload = reloads(app_db)
    assert [r[0] for r in first_reload] == ["param"]
    assert summary is not None
    assert summary["compteurs"] == {"modifie": 1, "noeuds": 0}
    assert any("TECH_IS_MAINTENANCE : N -> O" in line for line in summary["lignes"])

    state, summary = launch(dags["BATCH_APP_EN_MAINT"])
    assert state == "success"
    assert param(app_db, "TECH_IS_MAINTENANCE") == "O"
    assert reloads(app_db) == first_reload, "a second run must not touch anything"
    assert summary["compteurs"] == {"modifie": 0}
    assert "déjà en maintenance" in summary["lignes"][0]

    state, summary = launch(dags["BATCH_APP_EN_SERVICE"])
    assert state == "success"
    assert param(app_db, "TECH_IS_MAINTENANCE") == "N"
    assert reloads(app_db)[0][1] >= first_reload[0][1]
    assert any("TECH_IS_MAINTENANCE : O -> N" in line for line in summary["lignes"])


@pytest.mark.parametrize("code", ["BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE"])
def test_missing_parameter_fails_the_run(dags: dict, app_db: Any, code: str) -> None:
    app_db.execute("DELETE FROM parametre WHERE cod_param = 'TECH_IS_MAINTENANCE'")
    state, _ = launch(dags[code])
    assert state == "failed"
    assert param(app_db, "TECH_IS_MAINTENANCE") is None
    assert reloads(app_db) == []


def test_demo_refuses_without_demo_mode(dags: dict, app_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW__ECANDIDAT__DEMO_MODE", raising=False)
    app_db.execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = 'TECH_IS_MAINTENANCE'")
    state, _ = launch(dags["BATCH_DEMO"])
    assert state == "failed"
    # nothing was touched
    assert param(app_db, "TECH_IS_MAINTENANCE") == "O"
    assert app_db.execute("SELECT count(*) FROM campagne").fetchone()[0] == 0


def _snapshot(conn: Any) -> dict[str, Any]:
    tables = [
        "campagne",
        "compte_minima",
        "candidat",
        "candidature",
        "opi",
        "fichier",
        "pj_cand",
        "formulaire",
    ]
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    counts["params"] = conn.execute("SELECT cod_param, val_param FROM parametre ORDER BY 1").fetchall()
    counts["camps"] = conn.execute(
        "SELECT cod_camp, tes_camp, archiv_id_camp IS NOT NULL FROM campagne ORDER BY 1"
    ).fetchall()
    return counts


def test_demo_resets_to_the_demo_dataset(
    dags: dict, app_db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DEMO_MODE", "True")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(tmp_path))
    (tmp_path / "reste.txt").write_text("a file of an earlier demo")
    state, summary = launch(dags["BATCH_DEMO"])
    assert state == "success"
    assert not (tmp_path / "reste.txt").exists()
    assert any(tmp_path.rglob("*.pdf")), "the demo attachments are written"
    first = _snapshot(app_db)
    assert first["campagne"] == 3
    assert summary["compteurs"]["campagnes"] == 3
    assert summary["compteurs"]["comptes"] == first["compte_minima"]
    assert ("TECH_IS_MAINTENANCE", "N") in first["params"]

    # An admin's changes and extra rows are wiped by the next reset.
    app_db.execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = 'TECH_IS_MAINTENANCE'")
    app_db.execute("DELETE FROM opi")
    app_db.execute("UPDATE campagne SET tes_camp = NOT tes_camp")
    state, _ = launch(dags["BATCH_DEMO"])
    assert state == "success"
    assert _snapshot(app_db) == first


def test_demo_dataset_gives_each_batch_something_to_do(
    dags: dict, app_db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DEMO_MODE", "True")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(tmp_path))
    assert launch(dags["BATCH_DEMO"])[0] == "success"
    one = lambda sql: app_db.execute(sql).fetchone()[0]  # noqa: E731
    # BATCH_ARCHIVAGE: a campaign whose planned activation has passed, with a campaign to archive.
    assert (
        one(
            "SELECT count(*) FROM campagne WHERE dat_activat_effec_camp IS NULL"
            " AND dat_activat_prev_camp < localtimestamp AND archiv_id_camp IS NOT NULL"
        )
        == 1
    )
    # BATCH_DESTRUCT_DOSSIER: archived more than SCOL_NB_JOUR_ARCHIVAGE days ago, not destroyed, with files.
    assert (
        one(
            "SELECT count(*) FROM campagne WHERE dat_destruct_effec_camp IS NULL"
            " AND dat_archiv_camp < localtimestamp - INTERVAL '365' DAY"
        )
        == 1
    )
    # BATCH_NETTOYAGE_CPT: unvalidated accounts past their validity, without a candidat.
    assert (
        one(
            "SELECT count(*) FROM compte_minima m WHERE NOT tem_valid_cpt_min"
            " AND dat_fin_valid_cpt_min < localtimestamp"
            " AND NOT EXISTS (SELECT 1 FROM candidat c WHERE c.id_cpt_min = m.id_cpt_min)"
        )
        == 3
    )
    # BATCH_ASYNC_OPI: pending OPIs in the active campaign.
    assert one("SELECT count(*) FROM opi WHERE dat_passage_opi IS NULL") > 0
    # BATCH_SYNC_LIMESURVEY: active forms with distinct survey ids.
    assert one("SELECT count(DISTINCT id_formulaire_limesurvey) FROM formulaire WHERE tes_formulaire") == 2
    # Every account has its dossier number recorded.
    assert (
        one(
            "SELECT count(*) FROM compte_minima m"
            " LEFT JOIN histo_num_dossier h ON h.num_dossier = m.num_dossier_opi_cpt_min"
            " WHERE h.num_dossier IS NULL"
        )
        == 0
    )
