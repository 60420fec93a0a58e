"""A database on another host, for the benchmarks: a round trip added to every exchange.

The benchmarks' servers listen on Unix sockets, where a statement costs no network round trip; in
production the batches (and eCandidat) reach the database over the network. ``--rtt-ms X`` puts a
relay in front of the server's socket that holds every piece of data X/2 ms in each direction before
passing it on (data keeps flowing meanwhile: latency, not a bandwidth cap), so that each client round
trip costs about X ms more, as to a server on another host. Linux's ``netem`` would do this in the
kernel, but it is not available on every machine (containers); the relay needs nothing.
"""

from __future__ import annotations

import collections
import socket
import statistics
import threading
import time
from pathlib import Path
from typing import Any


def rtt_from_argv(argv: list[str]) -> tuple[float | None, list[str]]:
    """Take ``--rtt-ms X`` out of the arguments."""
    if "--rtt-ms" not in argv:
        return None, argv
    i = argv.index("--rtt-ms")
    return float(argv[i + 1]), argv[:i] + argv[i + 2 :]


class LatencyRelay:
    """Relay the socket ``path`` to the server's socket ``target`` with ``rtt_ms / 2`` each way.

    Bytes only: it serves PostgreSQL's protocol and MariaDB's alike, and reconnects to ``target`` for
    each client, so the server may restart in between.
    """

    def __init__(self, target: Path, path: Path, rtt_ms: float) -> None:
        self.target = str(target)
        self.delay = rtt_ms / 2000
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.target)
            for src, dst in ((client, upstream), (upstream, client)):
                queue: collections.deque[tuple[float, bytes]] = collections.deque()
                ready = threading.Condition()
                threading.Thread(target=self._receive, args=(src, queue, ready), daemon=True).start()
                threading.Thread(target=self._send, args=(dst, queue, ready), daemon=True).start()

    def _receive(self, src: socket.socket, queue: collections.deque, ready: threading.Condition) -> None:
        while True:
            try:
                data = src.recv(1 << 16)
            except OSError:
                data = b""
            with ready:
                queue.append((time.perf_counter() + self.delay, data))
                ready.notify()
            if not data:
                return

    def _send(self, dst: socket.socket, queue: collections.deque, ready: threading.Condition) -> None:
        while True:
            with ready:
                while not queue:
                    ready.wait()
                due, data = queue.popleft()
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            try:
                if not data:
                    dst.shutdown(socket.SHUT_WR)
                    return
                dst.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()
        self.path.unlink(missing_ok=True)


def measured_rtt_ms(conn: Any, n: int = 200) -> float:
    """The median time of ``SELECT 1``: what one statement costs in round trip."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        cur = conn.cursor()
        cur.execute("SELECT 1")
        cur.fetchone()
        cur.close()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
