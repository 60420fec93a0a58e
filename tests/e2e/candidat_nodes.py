"""eCandidat's candidat nodes, simulated as its LoadBalancingController behaves: each polls
``load_balancing_reload`` for the requests dated since its last check, then replaces its row of
``load_balancing_reload_run`` with the time of that check."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from ecandidat_batches.clock import paris_now, wall_clock


def check(conn: Any, node: str, at: dt.datetime) -> None:
    conn.execute("DELETE FROM load_balancing_reload_run WHERE instance_id_lb_reload_run = %s", (node,))
    conn.execute(
        "INSERT INTO load_balancing_reload_run (dat_last_check_lb_reload_run, instance_id_lb_reload_run)"
        " VALUES (%s, %s)",
        (at.replace(microsecond=0), node),
    )


class Node(threading.Thread):
    """A candidat node polling every ``every`` seconds on its own connection; what it reloaded."""

    def __init__(self, conn: Any, name: str, every: float) -> None:
        super().__init__(daemon=True)
        self.conn, self.node, self.every = conn, name, every
        self.reloaded: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            last = self.conn.execute(
                "SELECT max(dat_last_check_lb_reload_run) FROM load_balancing_reload_run"
                " WHERE instance_id_lb_reload_run = %s",
                (self.node,),
            ).fetchone()[0]
            rows = self.conn.execute(
                "SELECT cod_data_lb_reload FROM load_balancing_reload WHERE dat_cre_lb_reload >= %s", (last,)
            ).fetchall()
            self.reloaded += [r[0] for r in rows]
            # The next second at least: the check's date is part of the row's key, as in eCandidat.
            check(self.conn, self.node, max(wall_clock(paris_now()), last + dt.timedelta(seconds=1)))
