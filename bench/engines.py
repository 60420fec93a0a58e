"""The benchmarks' database servers: the embedded PostgreSQL and a MariaDB server of their own.

Each engine holds an ``ecandidat`` database with eCandidat's schema (the package's migrations), can
save it once generated and restore it before each measurement, and says where clients connect: its
Unix socket, or the relay that adds a network round trip (``bench/network.py``). Worker processes
reconnect from the engine's name and that address alone (:func:`connect`).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

#: The SQL only the benchmarks (and a few tests) run: test data at scale.
BENCH_SQL = Path(__file__).resolve().parent / "sql"
ENGINES = ("postgresql", "mariadb")
T = TypeVar("T")


def option_from_argv(
    argv: list[str], name: str, default: T, convert: Callable[[str], T]
) -> tuple[T, list[str]]:
    """``name VALUE`` taken out of the arguments: the value (converted) or ``default``, the rest."""
    if name not in argv:
        return default, argv
    i = argv.index(name)
    return convert(argv[i + 1]), argv[:i] + argv[i + 2 :]


def repeat_from_argv(argv: list[str]) -> tuple[int, list[str]]:
    """``--repeat N`` taken out of the arguments: how many times to measure (1 by default), the rest.

    On a shared machine one measurement can be off by half: the benchmarks then print each run and
    the medians, and the ratio of the medians.
    """
    return option_from_argv(argv, "--repeat", 1, int)


def median(values: list[float]) -> float:
    import statistics

    return float(statistics.median(values))


def engines_from_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """``--engine E`` taken out of the arguments: the engines to measure (both by default), the rest."""
    engine, rest = option_from_argv(argv, "--engine", "", str)
    return ([engine] if engine else list(ENGINES)), rest


def connect(engine: str, address: str, *, autocommit: bool = False, dbname: str = "ecandidat") -> Any:
    """A DB-API connection to ``dbname`` at ``address`` (a PostgreSQL socket folder or a MariaDB socket).

    Airflow (its configuration, which the batches' settings read) is loaded here on both engines, as in
    a task's process, so that no measurement started after it pays its 1.5 s import.
    """
    from ecandidat_batches.hooks.ecandidat_db import mysql_conversions, prepare_mysql_session

    if engine == "mariadb":
        import MySQLdb

        conn = MySQLdb.connect(
            unix_socket=address,
            user="root",
            database=dbname,
            charset="utf8mb4",
            conv=mysql_conversions(),
        )
        conn.autocommit(autocommit)
        prepare_mysql_session(conn)
        return conn
    import psycopg

    return psycopg.connect(host=address, user="postgres", dbname=dbname, autocommit=autocommit)


def execute(conn: Any, sql: str, params: Any = None) -> Any:
    """Run one statement on either driver; return the cursor (rows as tuples)."""
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur


class Engine:
    """A database server for one benchmark run, in ``base``; :meth:`stop` ends it."""

    name: str
    #: The server's own socket (what the latency relay forwards to).
    socket: Path

    def address(self, relay: Path | None = None) -> str:
        """Where clients connect: the server, or the relay's socket (its folder for PostgreSQL)."""
        raise NotImplementedError

    def relay_path(self, folder: Path) -> Path:
        """The socket a relay in ``folder`` listens on, named as this engine's clients expect."""
        return folder / self.socket.name

    def create(self) -> Any:
        """An empty ``ecandidat`` database with eCandidat's schema and nomenclature; a connection to it."""
        raise NotImplementedError

    def save(self) -> None:
        """Keep the current ``ecandidat`` database, to :meth:`restore` before each measurement."""
        raise NotImplementedError

    def restore(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class PostgresEngine(Engine):
    """The embedded PostgreSQL (pip wheel); saved as a template database."""

    name = "postgresql"

    def __init__(self, base: Path) -> None:
        from dev import launcher

        self.pgdata = base / "pg"
        self.server = launcher.start_postgres(self.pgdata)
        self.socket = self.pgdata / ".s.PGSQL.5432"

    def address(self, relay: Path | None = None) -> str:
        return str(relay.parent if relay else self.pgdata)

    def _admin(self, *statements: str) -> None:
        with connect(self.name, str(self.pgdata), autocommit=True, dbname="postgres") as conn:
            for statement in statements:
                conn.execute(statement)

    def create(self) -> Any:
        from dev import migrations

        self._admin("DROP DATABASE IF EXISTS ecandidat WITH (FORCE)", "CREATE DATABASE ecandidat")
        conn = connect(self.name, str(self.pgdata))
        migrations.apply(conn)
        migrations.load_nomenclature(conn)
        return conn

    def save(self) -> None:
        with connect(self.name, str(self.pgdata), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        self._admin(
            "DROP DATABASE IF EXISTS bench_template", "CREATE DATABASE bench_template TEMPLATE ecandidat"
        )

    def restore(self) -> None:
        self._admin(
            "DROP DATABASE IF EXISTS ecandidat WITH (FORCE)",
            "CREATE DATABASE ecandidat TEMPLATE bench_template",
        )

    def stop(self) -> None:
        self.server.stop()


class MariaDbEngine(Engine):
    """Debian's MariaDB server in the benchmark's folder; saved as a copy of its data folder."""

    name = "mariadb"

    def __init__(self, base: Path) -> None:
        from dev.mariadb import MariaDbServer

        self.server = MariaDbServer(base / "mdb").start()
        self.socket = self.server.socket
        self.saved = base / "mdb-saved"

    def address(self, relay: Path | None = None) -> str:
        return str(relay or self.socket)

    def create(self) -> Any:
        from dev import migrations

        self.server.execute("DROP DATABASE IF EXISTS ecandidat", "CREATE DATABASE ecandidat")
        conn = connect(self.name, str(self.socket))
        migrations.apply(conn)
        migrations.load_nomenclature(conn)
        # bench/generate.sql counts accounts with a recursive query: MariaDB stops those at 1,000 rows.
        execute(conn, "SET SESSION max_recursive_iterations = 100000000")
        return conn

    def save(self) -> None:
        with connect(self.name, str(self.socket), autocommit=True) as conn:
            tables = [r[0] for r in execute(conn, "SHOW TABLES").fetchall()]
            execute(conn, f"ANALYZE TABLE {', '.join(tables)}").fetchall()
        self.server.stop()
        shutil.rmtree(self.saved, ignore_errors=True)
        shutil.copytree(self.server.datadir, self.saved)
        self.server.start()

    def restore(self) -> None:
        self.server.stop()
        shutil.rmtree(self.server.datadir)
        shutil.copytree(self.saved, self.server.datadir)
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


def start(name: str, base: Path) -> Engine:
    """Start the engine ``name`` (``postgresql`` or ``mariadb``) with its data in ``base``."""
    if name not in ENGINES:
        raise SystemExit(f"unknown engine {name!r}: {' or '.join(ENGINES)}")
    return MariaDbEngine(base) if name == "mariadb" else PostgresEngine(base)


#: The first id of the accounts :func:`demo_campaign` adds (after the demo's).
FIRST_ACCOUNT = 2_000_000


def demo_campaign(conn: Any, accounts: int) -> Any:
    """The demo dataset, plus ``accounts`` accounts in its active campaign (CAMP2026) by
    ``bench/sql/generate.sql`` (2.5 candidatures each); left open in the caller's transaction.
    Returns the generation's time (naive Paris wall clock)."""
    import datetime as dt

    from ecandidat_batches.clock import paris_now, wall_clock
    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.jobs import demo

    demo.run(conn, code="BATCH_DEMO", store=None, demo_mode=True)
    now = wall_clock(paris_now())
    params = {
        "id_camp": 2, "cod_camp": "CAMP2026", "prefix": "L", "first": FIRST_ACCOUNT, "accounts": accounts,
        "invalid": 0, "born": dt.date(2005, 5, 5), "created": now, "expired": now, "filed": now,
    }  # fmt: skip
    cur = conn.cursor()
    sqlfiles.execute(cur, BENCH_SQL / "generate.sql", params)
    cur.close()
    return now


@contextlib.contextmanager
def smtp_sink(conn_id: str = "smtp_bench") -> Iterator[str]:
    """An SMTP server that accepts and drops every mail (aiosmtpd's sink, in another process, as a relay
    would be), named by the Airflow connection ``conn_id`` for the block."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "aiosmtpd",
        "-n",
        "-l",
        f"127.0.0.1:{port}",
        "-c",
        "aiosmtpd.handlers.Sink",
    ]
    sink = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        os.environ[f"AIRFLOW_CONN_{conn_id.upper()}"] = json.dumps(
            {"conn_type": "smtp", "host": "127.0.0.1", "port": port,
             "extra": {"disable_tls": True, "disable_ssl": True, "timeout": 10, "retry_limit": 1}}
        )  # fmt: skip
        yield conn_id
    finally:
        sink.terminate()
        sink.wait(10)


def send_to_sink(send: Callable[..., Any]) -> tuple[int, float]:
    """Time ``send(mail_sender=...)`` (a mail task's send) delivering to :func:`smtp_sink`; returns
    (mails sent, seconds) from its summary."""
    import time

    from ecandidat_batches.mails.sender import MailSender

    with smtp_sink() as conn_id:
        started = time.perf_counter()
        with MailSender(conn_id, "noreply@univ.example.org") as sender:
            summary = send(mail_sender=sender)
        return summary.compteurs["mails_envoyes"], time.perf_counter() - started
