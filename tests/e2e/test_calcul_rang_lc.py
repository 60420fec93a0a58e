"""BATCH_CALCUL_RANG_LC on the demo data, on both engines, through the task adapter and dag.test()."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.airflow import DAGS

from ecandidat_batches.clock import PARIS
from ecandidat_batches.jobs import calcul_rang_lc

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 30, 23, 45, tzinfo=PARIS)


@pytest.fixture
def db(demo_db: Any) -> Any:
    return demo_db


def ranks(conn: Any) -> list[tuple[Any, ...]]:
    """M1-HIST's LC decisions of the active campaign: (id_cand, rank, real rank, user_mod_cand)."""
    return conn.execute(
        "SELECT c.id_cand, t.list_comp_rang_typ_dec_cand, t.list_comp_rang_reel_typ_dec_cand, c.user_mod_cand"
        " FROM type_decision_candidature t JOIN candidature c ON c.id_cand = t.id_cand"
        " JOIN candidat ca ON ca.id_candidat = c.id_candidat JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min"
        " JOIN formation f ON f.id_form = c.id_form WHERE f.cod_form = 'M1-HIST' AND m.id_camp = 2"
        " AND t.list_comp_rang_typ_dec_cand IS NOT NULL ORDER BY t.id_type_dec_cand"
    ).fetchall()


def run(conn: Any, **kwargs: Any) -> Any:
    conn.autocommit = False
    try:
        return calcul_rang_lc.run(conn, code="BATCH_CALCUL_RANG_LC", clock=lambda: NOW, **kwargs)
    finally:
        conn.autocommit = True


def test_ranks_1_to_n_then_nothing_to_write(db: Any) -> None:
    before = ranks(db)
    assert len(before) >= 3
    summary = run(db)
    after = ranks(db)
    assert [r[2] for r in after] == list(range(1, len(after) + 1)), "by rank, then id"
    assert {r[3] for r in after} == {"autoListComp"}
    assert summary.compteurs == {"formations": 2, "decisions": len(after), "rangs_modifies": len(after)}
    assert any("formation 'M1-HIST'" in line for line in summary.lignes)
    stamps = db.execute("SELECT id_cand, dat_mod_cand FROM candidature ORDER BY 1").fetchall()
    again = run(db)
    assert again.compteurs["rangs_modifies"] == 0
    assert db.execute("SELECT id_cand, dat_mod_cand FROM candidature ORDER BY 1").fetchall() == stamps


def test_only_the_ranks_that_change_are_written(db: Any) -> None:
    run(db)
    rows = ranks(db)
    first, second = rows[0][0], rows[1][0]
    # The first of the list is cancelled, the last gets a better rank than everyone.
    db.execute(
        "UPDATE candidature SET dat_annul_cand = %s WHERE id_cand = %s", (dt.datetime(2026, 11, 30), first)
    )
    db.execute("UPDATE candidature SET user_mod_cand = 'someone' WHERE id_cand IN (%s, %s)", (first, second))
    last = rows[-1][0]
    db.execute(
        "UPDATE type_decision_candidature SET list_comp_rang_typ_dec_cand = 0 WHERE id_cand = %s", (last,)
    )
    db.execute("UPDATE candidature SET user_mod_cand = 'someone' WHERE id_cand = %s", (last,))
    summary = run(db)
    now = {r[0]: r for r in ranks(db)}
    assert now[last][2] == 1
    assert now[last][3] == "autoListComp"
    assert now[second][2:] == (2, "someone"), "the first left the list, the last came ahead: unchanged"
    assert now[first][2:] == (1, "someone"), "a cancelled candidature is not ranked any more"
    assert summary.compteurs["rangs_modifies"] == 1


def test_a_newer_decision_takes_the_candidature_off_the_list(db: Any) -> None:
    run(db)
    rows = ranks(db)
    promoted = rows[0][0]
    db.execute(
        "INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,"
        " user_cre_type_dec_cand, tem_valid_type_dec_cand) SELECT %s, id_typ_dec, FALSE, %s, 'test', TRUE"
        " FROM type_decision WHERE cod_typ_dec = 'AVIS_FAVORABLE'",
        (promoted, dt.datetime(2026, 11, 30)),
    )
    assert run(db).compteurs["decisions"] == len(rows) - 1
    assert [r[2] for r in ranks(db) if r[0] != promoted] == list(range(1, len(rows)))


def test_a_dry_run_writes_nothing(db: Any) -> None:
    before = ranks(db)
    summary = run(db, dry_run=True)
    assert summary.compteurs["rangs_modifies"] == len(before)
    assert ranks(db) == before


@pytest.mark.parametrize("engine", ["postgresql"])
def test_without_an_active_campaign(db: Any) -> None:
    db.execute("UPDATE campagne SET tes_camp = FALSE")
    summary = run(db)
    assert summary.lignes[-1].endswith("Aucune campagne active : aucun rang à recalculer")


def test_the_dag(db: Any, airflow_db: None) -> None:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS / "batch_calcul_rang_lc.py")).dags["BATCH_CALCUL_RANG_LC"]
    run = dag.test(logical_date=None)
    assert str(getattr(run.state, "value", run.state)) == "success"
    assert {r[3] for r in ranks(db)} == {"autoListComp"}
