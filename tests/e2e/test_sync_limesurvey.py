"""BATCH_SYNC_LIMESURVEY end to end: a local RemoteControl 2 server, the real database, dag.test()."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.engines import BENCH_SQL
from dev.fakes.limesurvey import FakeLimeSurvey, Survey
from tests.fixtures.airflow import DAGS

from ecandidat_batches.jobs import demo

ROOT = Path(__file__).resolve().parents[2]
MOTIV, INFO = 123456, 654321  # the demo's two active forms


def row(rid: int, submit: str | None, **answers: Any) -> dict[str, Any]:
    base = {"id": rid, "submitdate": submit, "lastpage": 2, "startlanguage": "fr", "seed": "42",
            "startdate": "2026-11-01 09:00:00", "datestamp": submit}  # fmt: skip
    return {**base, **answers}


@pytest.fixture
def env(app_db: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, FakeLimeSurvey, dict[str, int]]]:
    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=None)
    app_db.autocommit = True
    cands = dict(
        app_db.execute(
            "SELECT m.num_dossier_opi_cpt_min, min(cd.id_cand) FROM candidature cd JOIN candidat ca USING (id_candidat)"
            " JOIN compte_minima m USING (id_cpt_min) GROUP BY 1"
        ).fetchall()
    )
    with FakeLimeSurvey() as server:
        monkeypatch.setenv(
            "AIRFLOW_CONN_LIMESURVEY_DEFAULT",
            json.dumps({"conn_type": "http", "host": server.url, "login": "ecandidat", "password": "secret",
                        "extra": {"timeout": 5, "retries": 1}}),
        )  # fmt: skip
        yield app_db, server, cands


@pytest.fixture(scope="module")
def dag(airflow_db: None) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS / "batch_sync_limesurvey.py")).dags["BATCH_SYNC_LIMESURVEY"]


def launch(dag: Any) -> tuple[str, dict[str, Any] | None]:
    run = dag.test(logical_date=None)
    state = str(getattr(run.state, "value", run.state))
    work = next(iter(run.get_task_instances()))
    return state, (work.xcom_pull(task_ids=work.task_id) if state == "success" else None)


def stored(conn: Any) -> dict[str, list[tuple]]:
    return {
        "candidat": conn.execute(
            "SELECT m.num_dossier_opi_cpt_min, f.id_formulaire_limesurvey, f.reponses_formulaire_candidat,"
            " f.dat_reponse_formulaire_candidat, f.dat_mod_formulaire_candidat FROM formulaire_candidat f"
            " JOIN candidat ca USING (id_candidat) JOIN compte_minima m USING (id_cpt_min) ORDER BY 1, 2"
        ).fetchall(),
        "candidature": conn.execute(
            "SELECT id_cand, id_formulaire_limesurvey, reponses_formulaire_cand, dat_reponse_formulaire_cand,"
            " dat_mod_formulaire_cand FROM formulaire_candidature ORDER BY 1, 2"
        ).fetchall(),
    }


def load_surveys(server: FakeLimeSurvey, cands: dict[str, int]) -> None:
    server.surveys[MOTIV] = Survey(
        responses=[
            row(1, "2026-11-01 10:00:00", numDossier="DEMO0001", Q1="Première version"),
            row(2, "2026-11-02 11:00:00", numDossier="DEMO0001", Q1="Seconde version", Q2=None),
            row(3, "2026-11-01 12:00:00", numDossier="DEMO0002", Q1="Oui", **{"Q3[SQ001]": "Lille"}),
            row(4, "2026-11-01 12:00:00", numDossier="DEMO9999", Q1="inconnu"),
            row(5, "2026-11-01 12:00:00", numDossier="DEMO0013", Q1="campagne archivée"),
            row(6, None, numDossier="DEMO0003", Q1="pas finie"),
            row(7, "01/11/2026", numDossier="DEMO0004", Q1="date illisible"),
        ]
    )
    server.surveys[INFO] = Survey(
        responses=[
            row(
                1,
                "2026-11-03 08:00:00",
                idCandidature=str(cands["DEMO0001"]),
                numDossier="DEMO0001",
                INFO1="Python",
            ),
            row(2, "2026-11-03 08:00:00", idCandidature="abc", INFO1="?"),
            row(3, "2026-11-03 08:00:00", idCandidature="999999", INFO1="?"),
        ]
    )


def test_sync_stores_latest_answers_in_ecandidat_format(dag: Any, env: tuple) -> None:
    conn, server, cands = env
    load_surveys(server, cands)
    state, summary = launch(dag)
    assert state == "success"
    data = stored(conn)
    assert [(d, s, t) for d, s, t, _dat, _mod in data["candidat"]] == [
        ("DEMO0001", MOTIV, "Q1 : Seconde version{;}Q2 : null{;}"),
        ("DEMO0002", MOTIV, "Q1 : Oui{;}Q3[SQ001] : Lille{;}"),
    ]
    assert str(data["candidat"][0][3]) == "2026-11-02 11:00:00"
    assert [(i, s, t) for i, s, t, _d, _m in data["candidature"]] == [
        (cands["DEMO0001"], INFO, "INFO1 : Python{;}")
    ]
    assert summary["compteurs"]["inseres"] == 3
    # unknown dossier, dossier of an archived campaign, bad date, non-numeric and unknown idCandidature;
    # the unfinished response is not even exported (completion status "complete")
    assert summary["compteurs"]["ignores"] == 5
    assert server.sessions == {}, "the session key is released"
    assert server.calls.count("get_session_key") == 1

    # A second run changes nothing.
    state, again = launch(dag)
    assert state == "success"
    assert stored(conn) == data
    assert again["compteurs"]["inseres"] == again["compteurs"]["mis_a_jour"] == 0

    # A newer answer replaces the stored one; an older one does not.
    server.surveys[MOTIV].responses.append(row(8, "2026-11-05 09:30:00", numDossier="DEMO0002", Q1="Non"))
    server.surveys[MOTIV].responses.append(
        row(9, "2026-10-01 09:30:00", numDossier="DEMO0001", Q1="Trop vieille")
    )
    state, third = launch(dag)
    assert state == "success"
    after = {d: t for d, _s, t, _dat, _mod in stored(conn)["candidat"]}
    assert "Q1 : Non{;}" in after["DEMO0002"]
    assert "Seconde version" in after["DEMO0001"]
    assert third["compteurs"]["mis_a_jour"] == 1


def test_a_failing_survey_fails_the_run_but_the_others_sync(dag: Any, env: tuple) -> None:
    conn, server, cands = env
    load_surveys(server, cands)
    server.surveys[INFO].permitted = False
    state, _ = launch(dag)
    assert state == "failed"
    data = stored(conn)
    assert len(data["candidat"]) == 2  # MOTIV synced
    assert data["candidature"] == []


def test_limesurvey_s_english_errors_reach_the_summary_in_french(env: tuple) -> None:
    """LimeSurvey's statuses are English ("No Data, survey table does not exist."): the summary says
    them in French, LimeSurvey's text in parentheses for whoever searches it."""
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    load_surveys(server, cands)
    server.surveys[INFO].active = False
    conn.autocommit = False
    with pytest.raises(sync_limesurvey.SurveysFailedError) as failed:
        sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    french = "formulaire non activé : aucune table de réponses (No Data, survey table does not exist.)"
    assert any(
        line.endswith(f" - Formulaire {INFO} : échec - {french}") for line in failed.value.summary.lignes
    )
    assert f"({INFO} : {french})" in str(failed.value)
    assert len(stored(conn)["candidat"]) == 2, "the other survey is stored"


def test_survey_without_responses_is_normal(dag: Any, env: tuple) -> None:
    _conn, server, cands = env
    load_surveys(server, cands)
    server.surveys[INFO] = Survey(responses=[])
    state, summary = launch(dag)
    assert state == "success"
    assert any("aucune réponse pour l'instant" in line for line in summary["lignes"])


def test_v3_layout_is_recognised_without_a_setting(dag: Any, env: tuple) -> None:
    conn, server, cands = env
    load_surveys(server, cands)
    server.v3_layout = True  # LimeSurvey 2.x/3.x: {"responses": [{"<id>": {...}}, ...]}
    state, summary = launch(dag)
    assert state == "success"
    assert summary["compteurs"]["inseres"] == 3
    assert [d for d, *_ in stored(conn)["candidat"]] == ["DEMO0001", "DEMO0002"]


@pytest.mark.parametrize("raw", ["eyJub3QiOiB9", "not base64 at all!!"])  # bad JSON inside; bad base64
def test_an_undecodable_export_fails_the_run_at_the_end(env: tuple, raw: str) -> None:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    load_surveys(server, cands)
    server.surveys[INFO].raw_result = raw
    conn.autocommit = False
    with pytest.raises(sync_limesurvey.SurveysFailedError, match=f"{INFO} : export illisible") as failure:
        sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    assert f"Formulaire {INFO} : export illisible, rien n'est enregistré" in str(failure.value)
    assert len(stored(conn)["candidat"]) == 2, "the other survey is stored"
    assert stored(conn)["candidature"] == []


def test_the_active_campaign_is_the_configured_si_s(
    dag: Any, env: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, server, cands = env
    load_surveys(server, cands)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "P")  # the demo's campaigns are of no SI (D)
    state, summary = launch(dag)
    assert state == "success"
    assert stored(conn)["candidat"] == []
    assert any("aucune campagne active" in line for line in summary["lignes"])


def test_login_refused_fails_naming_every_survey(env: tuple) -> None:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    load_surveys(server, cands)
    server.password = "changed"
    conn.autocommit = False
    with pytest.raises(
        sync_limesurvey.SurveysFailedError, match=f"Invalid user name or password.*{MOTIV}, {INFO}"
    ):
        sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    assert stored(conn) == {"candidat": [], "candidature": []}


def test_expired_session_is_renewed_once(env: tuple) -> None:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    load_surveys(server, cands)
    original = server.export_responses

    def expire_first(*args: Any, **kwargs: Any) -> Any:
        if server.calls.count("export_responses") == 2:  # the second survey finds its key expired
            server.sessions.clear()
        return original(*args, **kwargs)

    server.export_responses = expire_first  # type: ignore[method-assign]
    conn.autocommit = False
    summary = sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    assert summary.compteurs["echecs"] == 0
    assert summary.compteurs["inseres"] == 3
    assert server.calls.count("get_session_key") == 2


def many_surveys(conn: Any, server: FakeLimeSurvey, cands: dict[str, int], n: int) -> list[int]:
    """``n`` active forms (surveys 100001...) instead of the demo's, each with one answer of DEMO0001."""
    import datetime as dt

    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.transactions import transaction

    conn.autocommit = False
    with transaction(conn) as cur:
        sqlfiles.execute(
            cur, BENCH_SQL / "limesurvey_forms.sql", {"surveys": n, "now": dt.datetime(2026, 11, 1)}
        )
    conn.autocommit = True
    surveys = [100000 + i for i in range(1, n + 1)]
    for sid in surveys:
        server.surveys[sid] = Survey(
            responses=[row(1, "2026-11-01 10:00:00", numDossier="DEMO0001", Q1=str(sid))]
        )
    return surveys


def test_exports_overlap_up_to_the_setting(env: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    surveys = many_surveys(conn, server, cands, 6)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LIMESURVEY_PARALLEL_EXPORTS", "3")
    server.export_delay = 0.3
    conn.autocommit = False
    summary = sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    assert server.max_exports_in_flight == 3
    assert summary.compteurs["inseres"] == 6
    # The summary keeps the surveys' order, whatever order the exports finished in.
    assert [line.split(" - ", 1)[1].split(" :")[0] for line in summary.lignes] == [
        f"Formulaire {s}" for s in surveys
    ]


def test_a_hung_limesurvey_fails_the_run_once(env: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    conn, server, cands = env
    surveys = many_surveys(conn, server, cands, 6)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__LIMESURVEY_PARALLEL_EXPORTS", "2")
    monkeypatch.setenv(
        "AIRFLOW_CONN_LIMESURVEY_DEFAULT",
        json.dumps({"conn_type": "http", "host": server.url, "login": "ecandidat", "password": "secret",
                    "extra": {"timeout": 1, "retries": 0}}),
    )  # fmt: skip
    server.export_delay = 3  # every export outlasts the timeout: LimeSurvey hangs
    conn.autocommit = False
    with pytest.raises(sync_limesurvey.SurveysFailedError) as failure:
        sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
    conn.autocommit = True
    message = str(failure.value)
    assert message.startswith("6 formulaire(s) LimeSurvey en échec sur 6")
    assert server.calls.count("export_responses") == 2, "once it timed out, no further export is asked"
    assert f"{surveys[0]} : LimeSurvey ne répond pas (délai dépassé)" in message
    assert f"{surveys[5]} : non tenté : LimeSurvey ne répond pas (délai dépassé)" in message
    assert "HTTPConnectionPool" not in message, "technical detail stays in the log"
    assert stored(conn)["candidat"] == []
