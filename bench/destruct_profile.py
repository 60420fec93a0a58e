"""Where BATCH_DESTRUCT_DOSSIER's time goes: a profile by statement, and the plans of one chunk.

``python -m bench.destruct_profile [SCALE] [--engine postgresql|mariadb] [--chunk N]`` (default 0.25,
both engines, the job's default chunk). On a server of its own, with the data of ``bench.lifecycle``
(the archived campaign's files on disk), it runs the batch once in this process, every statement
timed through the connection, and prints each statement's count, total and mean time, the time spent
outside the database (the files removed, Python), and then the plans of one chunk's statements as the
engine ran them (PostgreSQL's ``EXPLAIN (ANALYZE, BUFFERS)``, MariaDB's ``ANALYZE FORMAT=JSON``
summarised), in a transaction rolled back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


class TimedCursor:
    """A DB-API cursor whose ``execute`` adds its time to the profile, keyed by the statement."""

    def __init__(self, cursor: Any, profile: dict[str, list[float]], dialect: str) -> None:
        self._cursor, self._profile, self.ecandidat_dialect = cursor, profile, dialect

    def execute(self, query: Any, params: Any = None) -> Any:
        started = time.perf_counter()
        try:
            return self._cursor.execute(query, params)
        finally:
            self._profile[_key(str(query))].append(time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class TimedConnection:
    """The job's connection, every cursor timed; commits timed too."""

    def __init__(self, conn: Any, profile: dict[str, list[float]]) -> None:
        self._conn, self._profile = conn, profile
        self.ecandidat_dialect = "mariadb" if type(conn).__module__.startswith("MySQLdb") else "postgresql"

    def cursor(self) -> TimedCursor:
        return TimedCursor(self._conn.cursor(), self._profile, self.ecandidat_dialect)

    def commit(self) -> None:
        started = time.perf_counter()
        self._conn.commit()
        self._profile["COMMIT"].append(time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _key(sql: str) -> str:
    """A statement's short name: its code without comments, its first 90 characters."""
    code = " ".join(re.sub(r"--[^\n]*", "", sql).split())
    return code[:90]


def profile(engine: Any, address: str, store: Path, chunk: int | None) -> None:
    from bench.engines import connect
    from bench.lifecycle import restore
    from ecandidat_batches.files.stores import FileSystemStore
    from ecandidat_batches.jobs import destruct_dossier

    restore(engine, address, store)
    times: dict[str, list[float]] = defaultdict(list)
    conn = TimedConnection(connect(engine.name, address), times)
    started = time.perf_counter()
    summary = destruct_dossier.run(
        conn, FileSystemStore(store), code="BATCH_DESTRUCT_DOSSIER", **({"chunk": chunk} if chunk else {})
    )
    total = time.perf_counter() - started
    conn.close()
    in_db = sum(sum(v) for v in times.values())
    print(f"-- profile: {total:.2f} s in all, {in_db:.2f} s in the database, {total - in_db:.2f} s outside "
          f"(files removed: {summary.compteurs['fichiers_retires']}, Python)")  # fmt: skip
    # A chunk that costs more as the run goes (work growing with what earlier chunks did) shows as a
    # last tenth slower than the first.
    print(f"{'count':>7} {'total s':>8} {'mean ms':>8} {'1st 10%':>8} {'last 10%':>8}  statement (ms)")
    for key, values in sorted(times.items(), key=lambda kv: -sum(kv[1]))[:25]:
        tenth = max(1, len(values) // 10)
        first, last = (1000 * sum(v) / len(v) for v in (values[:tenth], values[-tenth:]))
        print(f"{len(values):7d} {sum(values):8.2f} {1000 * sum(values) / len(values):8.3f} "
              f"{first:8.3f} {last:8.3f}  {key}")  # fmt: skip


def plans(engine: Any, address: str, chunk: int) -> None:
    """One chunk's statements (the first chunk of the archived campaign) with their plans as run."""
    from bench.engines import connect
    from ecandidat_batches.clock import paris_now, wall_clock
    from ecandidat_batches.db.dialect import MARIADB, dialect_of
    from ecandidat_batches.db.sqlfiles import statements

    engine.restore()
    conn = connect(engine.name, address)
    dialect = dialect_of(conn)
    cur = conn.cursor()
    if dialect == MARIADB:
        cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
    cur.execute("SELECT coalesce(max(id_fichier), 0) FROM fichier")
    last = cur.fetchone()[0]
    for name in ("destruct_dossier/work_tables.sql", "destruct_dossier/paths_in_use.sql"):
        for statement in statements(name, dialect):
            cur.execute(statement.sql)
    params = {"id_camp": 1, "chunk": chunk, "now": wall_clock(paris_now()), "after": 0,
              "page": min(chunk, 1000), "last_fichier": last, "before": dt.datetime(2030, 1, 1)}  # fmt: skip
    for name in ("destruct_dossier/delete_accounts.sql", "destruct_dossier/pending_files.sql"):
        for statement in statements(name, dialect):
            sql = statement.sql
            if dialect == MARIADB and sql.lstrip().upper().startswith(("SET ", "SELECT ROW_COUNT")):
                cur.execute(sql, params)
                continue
            if sql.lstrip().upper().startswith(("TRUNCATE", "ANALYZE")):
                cur.execute(sql, params)
                continue
            print(f"\n-- {name}: {_key(sql)}")
            if dialect == MARIADB:
                cur.execute("ANALYZE FORMAT=JSON " + sql, params)
                _print_mariadb(json.loads(cur.fetchone()[0]))
            else:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY OFF) " + sql, params)
                for (line,) in cur.fetchall():
                    print(line)
    conn.rollback()
    conn.close()


def _print_mariadb(node: Any, depth: int = 0) -> None:
    """The tables of a MariaDB plan as run: access, key, loops, rows read per loop, time."""
    if isinstance(node, dict):
        if "table_name" in node:
            print(
                f"{'  ' * depth}{node['table_name']}: {node.get('access_type')} key={node.get('key')} "
                f"loops={node.get('r_loops')} rows={node.get('r_rows')} ms={node.get('r_table_time_ms')}"
            )
        for key, value in node.items():
            _print_mariadb(value, depth + (1 if "subquery" in key else 0))
    elif isinstance(node, list):
        for item in node:
            _print_mariadb(item, depth)


def main(argv: list[str]) -> None:
    from bench import engines
    from bench.lifecycle import generate

    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return
    chunk, argv = engines.option_from_argv(argv, "--chunk", 0, int)
    names, argv = engines.engines_from_argv(argv)
    scale = float(argv[0]) if argv else 0.25
    for name in names:
        base = Path(tempfile.mkdtemp(prefix="ecbp-", dir="/tmp"))
        engine = engines.start(name, base)
        try:
            counts = generate(engine, scale)
            print(f"== {name}, scale {scale}: {counts}")
            address = engine.address()
            profile(engine, address, base / "files", chunk or None)
            plans(engine, address, chunk or 500)
        finally:
            engine.stop()
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
