"""``[core] hostname_callable`` of the distributed profile: two Celery workers on one machine.

Airflow records the host of every task attempt (``task_instance.hostname``); on one machine both
workers would be the same host. ``make run`` and the tests name each worker (``ECANDIDAT_WORKER_NAME``)
so that a run shows which worker did it; elsewhere this is the host's name, as Airflow's default.
"""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    return os.environ.get("ECANDIDAT_WORKER_NAME") or socket.getfqdn()
