"""eCandidat's candidat nodes, simulated as eCandidat's LoadBalancingController behaves: each polls
``load_balancing_reload`` for the requests since its last check, then replaces its row of
``load_balancing_reload_run`` with the time of that check. The batches wait for them and say which
took a reload, on both engines."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from tests.e2e.candidat_nodes import Node, check

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.jobs import maintenance


@pytest.fixture
def wait(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__NODE_RELOAD_WAIT_SECONDS", "3")
    return 3.0


def test_without_any_candidat_node_the_summary_says_nobody_took_it(app_db: Any, wait: float) -> None:
    app_db.autocommit = False
    summary = maintenance.run(app_db, enabled=True, code="BATCH_APP_EN_MAINT")
    assert summary.compteurs == {"modifie": 1, "noeuds": 0}
    assert "Maintenance demandée : TECH_IS_MAINTENANCE : N -> O" in summary.lignes[0]
    assert "n'a été pris en compte par personne" in summary.lignes[1]
    assert "redémarrez-le" in summary.lignes[1]
    assert not any("mise en maintenance" in line.lower() for line in summary.lignes)


def test_two_nodes_in_time_are_named_with_the_time_they_took_it(
    app_db: Any, connect_again: Any, wait: float
) -> None:
    before = wall_clock(paris_now()) - dt.timedelta(minutes=1)
    nodes = []
    for name in ("1", "2"):
        check(app_db, name, before)
        nodes.append(Node(connect_again(), name, every=0.3))
    for node in nodes:
        node.start()
    app_db.autocommit = False
    started = time.monotonic()
    summary = maintenance.run(app_db, enabled=True, code="BATCH_APP_EN_MAINT")
    waited = time.monotonic() - started
    for node in nodes:
        node.stop.set()
        node.join()
    assert summary.compteurs == {"modifie": 1, "noeuds": 2, "noeuds_en_retard": 0}
    took = [re.fullmatch(r"\S+ \S+ - Serveur candidat (\d) : le rechargement « param » pris en compte à "
                         r"(\d\d:\d\d:\d\d)", line) for line in summary.lignes[1:]]  # fmt: skip
    assert [m and m[1] for m in took] == ["1", "2"]
    assert all("param" in node.reloaded for node in nodes), "each node really reloaded the parameters"
    assert waited < wait, "the run ends as soon as every node took it"


def test_a_late_node_is_named_and_a_stopped_one_not_awaited(
    app_db: Any, connect_again: Any, wait: float
) -> None:
    now = wall_clock(paris_now())
    check(app_db, "1", now - dt.timedelta(minutes=1))
    check(app_db, "2", now - dt.timedelta(minutes=1))  # alive, but will not poll in time
    check(app_db, "3", now - dt.timedelta(hours=2))  # stopped long ago
    polling = Node(connect_again(), "1", every=0.3)
    polling.start()
    app_db.autocommit = False
    summary = maintenance.run(app_db, enabled=False, code="BATCH_APP_EN_SERVICE")
    polling.stop.set()
    polling.join()
    app_db.autocommit = True
    assert summary.compteurs == {"modifie": 0}, "already in service: nothing requested"

    app_db.execute("UPDATE parametre SET val_param = 'O' WHERE cod_param = 'TECH_IS_MAINTENANCE'")
    polling = Node(connect_again(), "1", every=0.3)
    polling.start()
    app_db.autocommit = False
    summary = maintenance.run(app_db, enabled=False, code="BATCH_APP_EN_SERVICE")
    polling.stop.set()
    polling.join()
    assert summary.compteurs == {"modifie": 1, "noeuds": 1, "noeuds_en_retard": 1}
    text = "\n".join(summary.lignes)
    assert "Serveur candidat 1 : le rechargement « param » pris en compte à" in text
    assert "Serveur(s) candidat 2 : le rechargement « param » non pris en compte après 3 s" in text
    assert "Serveur candidat 3 : aucun passage depuis le" in text
    assert "considéré comme arrêté" in text
