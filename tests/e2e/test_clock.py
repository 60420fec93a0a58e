"""eCandidat's clock: its ``datetime`` columns hold Europe/Paris wall-clock time (the JVM's
``LocalDateTime.now()``). The batches must read and write that time whatever the database session's
and the worker's time zones are, on both engines, across both DST changes; and a cache reload they
request must be one that a candidat-mode eCandidat node picks up."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ecandidat_batches.clock import wall_clock
from ecandidat_batches.jobs import archivage, demo, maintenance, nettoyage_cpt

UTC = dt.UTC
#: 2026-03-29: Paris goes from 02:00 CET to 03:00 CEST at 01:00 UTC.
SPRING = dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
#: 2026-10-25: Paris goes from 03:00 CEST back to 02:00 CET at 01:00 UTC.
AUTUMN = dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
WINTER = dt.datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
NODE = "1"


@pytest.fixture
def utc(app_db: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The eCandidat database with its session, and the worker process, in UTC (not Paris)."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__NODE_RELOAD_WAIT_SECONDS", "0")  # the nodes are rows here
    time.tzset()
    app_db.execute("SET time_zone = '+00:00'" if app_db.engine == "mariadb" else "SET TIME ZONE 'UTC'")
    session_now = app_db.execute("SELECT CAST(CURRENT_TIMESTAMP AS CHAR(19))" if app_db.engine == "mariadb"
                                 else "SELECT CAST(localtimestamp(0) AS text)").fetchone()[0]  # fmt: skip
    assert abs(
        dt.datetime.fromisoformat(session_now) - dt.datetime.now(UTC).replace(tzinfo=None)
    ) < dt.timedelta(minutes=5), "the session is not in UTC"
    app_db.autocommit = False
    try:
        yield app_db
    finally:
        app_db.rollback()
        monkeypatch.delenv("TZ")
        time.tzset()


def at(moment: dt.datetime) -> Any:
    return lambda: moment


def node_checks(conn: Any, moment: dt.datetime) -> None:
    """A candidat node's poll, as ``LoadBalancingController.checkBatchLBRun`` records it: its last check."""
    conn.execute("DELETE FROM load_balancing_reload_run WHERE instance_id_lb_reload_run = %s", (NODE,))
    conn.execute(
        "INSERT INTO load_balancing_reload_run (dat_last_check_lb_reload_run, instance_id_lb_reload_run) "
        "VALUES (%s, %s)",
        (wall_clock(moment), NODE),
    )
    conn.commit()


def node_sees(conn: Any) -> dict[str, dt.datetime]:
    """What the node's next poll reloads: the requests dated at or after its last check."""
    rows = conn.execute(
        "SELECT cod_data_lb_reload, dat_cre_lb_reload FROM load_balancing_reload "
        "WHERE dat_cre_lb_reload >= (SELECT dat_last_check_lb_reload_run FROM load_balancing_reload_run "
        "WHERE instance_id_lb_reload_run = %s)",
        (NODE,),
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize(
    ("check", "switch", "dated"),
    [
        pytest.param(WINTER, WINTER + dt.timedelta(minutes=5), "2026-01-15 11:05:00", id="hiver"),
        pytest.param(
            SPRING - dt.timedelta(seconds=30), SPRING + dt.timedelta(seconds=30), "2026-03-29 03:00:30", id="printemps"
        ),
        # 02:50 CEST, then the batch at 02:10 CET: "now" is before the node's check in wall-clock time.
        pytest.param(AUTUMN - dt.timedelta(minutes=10), AUTUMN + dt.timedelta(minutes=10), "2026-10-25 02:50:00",
                     id="automne"),
    ],
)  # fmt: skip
def test_a_maintenance_switch_is_seen_by_a_candidat_node(
    utc: Any, check: dt.datetime, switch: dt.datetime, dated: str
) -> None:
    node_checks(utc, check)

    maintenance.run(utc, enabled=True, code="BATCH_APP_EN_MAINT", clock=at(switch))

    assert node_sees(utc) == {"param": dt.datetime.fromisoformat(dated)}


def test_without_any_node_the_request_is_dated_now_in_paris(utc: Any) -> None:
    maintenance.run(utc, enabled=True, code="BATCH_APP_EN_MAINT", clock=at(SPRING + dt.timedelta(minutes=1)))
    maintenance.run(
        utc, enabled=False, code="BATCH_APP_EN_SERVICE", clock=at(AUTUMN + dt.timedelta(minutes=1))
    )

    rows = utc.execute("SELECT cod_data_lb_reload, dat_cre_lb_reload FROM load_balancing_reload").fetchall()
    assert rows == [("param", dt.datetime(2026, 10, 25, 2, 1))]


@pytest.mark.parametrize("moment", [WINTER, SPRING + dt.timedelta(minutes=20), AUTUMN + dt.timedelta(minutes=20)],
                         ids=["hiver", "printemps", "automne"])  # fmt: skip
def test_archivage_activates_on_paris_time_and_dates_in_paris_time(utc: Any, moment: dt.datetime) -> None:
    demo.run(utc, code="BATCH_DEMO", store=None, demo_mode=True, clock=at(moment - dt.timedelta(days=2)))
    paris = wall_clock(moment)
    # Planned ten minutes ago in Paris, which is still in the future in UTC wall-clock time.
    utc.execute(
        "UPDATE campagne SET dat_activat_prev_camp = %s WHERE id_camp = 3",
        (paris - dt.timedelta(minutes=10),),
    )
    node_checks(utc, moment - dt.timedelta(minutes=1))
    utc.commit()

    summary = archivage.run(utc, code="BATCH_ARCHIVAGE", clock=at(moment))

    assert summary.compteurs["campagnes"] == 1
    archived, activated = utc.execute(
        "SELECT o.dat_archiv_camp, n.dat_activat_effec_camp FROM campagne o, campagne n "
        "WHERE o.id_camp = 2 AND n.id_camp = 3"
    ).fetchone()
    assert archived == activated == paris.replace(microsecond=0)
    assert node_sees(utc) == {"campagne": paris.replace(microsecond=0)}


@pytest.mark.parametrize("moment", [WINTER, SPRING + dt.timedelta(minutes=20), AUTUMN + dt.timedelta(minutes=20)],
                         ids=["hiver", "printemps", "automne"])  # fmt: skip
def test_nettoyage_cpt_compares_validity_with_paris_time(utc: Any, moment: dt.datetime) -> None:
    demo.run(utc, code="BATCH_DEMO", store=None, demo_mode=True, clock=at(moment - dt.timedelta(days=2)))
    paris = wall_clock(moment)
    for id_cpt, num, fin in [(9001, "CLK00001", paris - dt.timedelta(minutes=20)),
                             (9002, "CLK00002", paris + dt.timedelta(minutes=20))]:  # fmt: skip
        utc.execute(
            "INSERT INTO compte_minima (id_cpt_min, id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min,"
            " mail_perso_cpt_min, login_cpt_min, pwd_cpt_min, valid_key_cpt_min, dat_cre_cpt_min,"
            " dat_fin_valid_cpt_min, tem_valid_cpt_min, tem_valid_mail_cpt_min, tem_fc_cpt_min)"
            " VALUES (%s, 2, %s, 'NOM', 'Prenom', 'clock@example.org', %s, 'x', %s, %s, %s, FALSE, FALSE, FALSE)",
            (id_cpt, num, num, num, paris - dt.timedelta(days=1), fin),
        )
    utc.commit()

    nettoyage_cpt.run(utc, code="BATCH_NETTOYAGE_CPT", clock=at(moment))

    left = {
        r[0] for r in utc.execute("SELECT id_cpt_min FROM compte_minima WHERE id_cpt_min >= 9000").fetchall()
    }
    assert left == {9002}, "expired 20 minutes ago in Paris: deleted; expiring in 20 minutes: kept"
