"""BATCH_SYNCHRO_SISCOL on a full French referential, from Pégase and from Apogée, on both engines.

``python -m bench.siscol [SCALE] [--repeat N] [--source P|A] [--engine postgresql|mariadb]`` (scale
1.0: 40,000 communes, 50,000 commune/postcode pairs, 15,000 establishments...; both sources and both
engines by default; with ``--repeat``, each run's figures and the medians). The referential
(dev/referential.py) is served by the tests' Pégase server in another process (the documented
protocol over HTTP on 127.0.0.1, pages of 1,000) and loaded into an Apogée-shaped PostgreSQL database
(its own embedded server). For each source it times, on an empty eCandidat database:

* read: the source alone (every step's rows fetched and normalised, nothing written);
* sync: the 23 steps as the DAG runs them (read, staging load, merge), all rows new;
* again: the same sync, nothing changed (every row compared, none written);
* floor: a plain bulk load (COPY / multi-row INSERT) of the rows the sync wrote into empty tables.

and prints rows per second and the ratios sync / (read + floor) and again / (read + floor).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

#: The sources' process: the referential built, loaded into the Apogée database, served by Pégase.
SERVER = """
import sys, json, psycopg
from dev import referential
from dev.fakes.pegase import FakePegase
ref = referential.build(float(sys.argv[1]))
with psycopg.connect(host=sys.argv[2], user="postgres", dbname="apogee") as conn:
    referential.load_apogee(conn, ref)
with FakePegase() as server:
    referential.serve(server, ref)
    print(json.dumps(server.extras()), flush=True)
    sys.stdin.read()
"""


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    repeat, argv = engines.repeat_from_argv(argv)
    source, argv = engines.option_from_argv(argv, "--source", "", str)
    scale = float(argv[0]) if argv else 1.0
    for name in names:
        run_engine(name, scale, [source] if source else ["P", "A"], repeat)


def _mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(name: str, scale: float, sources: list[str], repeat: int = 1) -> None:
    import os
    import shutil

    from dev import launcher

    from bench import engines

    base = Path(tempfile.mkdtemp(prefix="ecbsi-", dir="/tmp"))
    engine = engines.start(name, base)
    apogee_pg = launcher.start_postgres(base / "apogee")
    admin = engines.connect("postgresql", str(base / "apogee"), autocommit=True, dbname="postgres")
    admin.execute("CREATE DATABASE apogee")
    admin.close()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(scale), str(base / "apogee")], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}"},
    )  # fmt: skip
    try:
        extras = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        os.environ["AIRFLOW_CONN_PEGASE_DEFAULT"] = json.dumps(
            {"conn_type": "http", "login": "ecandidat", "password": "secret",
             "extra": {**extras, "page_size": 1000, "timeout": 60}}
        )  # fmt: skip
        os.environ["AIRFLOW_CONN_APOGEE_DEFAULT"] = json.dumps(
            {"conn_type": "postgres", "host": str(base / "apogee"), "login": "postgres", "schema": "apogee"}
        )
        engine.create().close()
        engine.save()
        print(f"\n== BATCH_SYNCHRO_SISCOL, {name}, scale {scale}")
        for typ in sources:
            measure(engine, typ, repeat)
    finally:
        server.terminate()
        server.wait()
        apogee_pg.stop()
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


def source_of(typ: str) -> Any:
    from ecandidat_batches.siscol.sources import source_for

    return source_for(typ)


def measure(engine: Any, typ: str, repeat: int = 1) -> None:
    """Time one source ``repeat`` times: the syncs in a child process (their own peak memory), then
    the floor; prints each run's figures and the medians."""
    import multiprocessing

    from bench import engines
    from ecandidat_batches.siscol.steps import STEPS

    runs: list[dict[str, Any]] = []
    for _ in range(repeat):
        engine.restore()
        parent, child = multiprocessing.get_context("fork").Pipe()
        process = multiprocessing.get_context("fork").Process(
            target=_syncs, args=(engine.name, engine.address(), typ, child)
        )
        process.start()
        child.close()  # a failed child ends the wait (EOFError) instead of leaving it forever
        figures = parent.recv()
        process.join()
        tables = {s.table: s.all_columns for s in STEPS}
        with engines.connect(engine.name, engine.address()) as conn:
            kept = {
                t: list(engines.execute(conn, f"SELECT {', '.join(c)} FROM {t}").fetchall())
                for t, c in tables.items()
            }
        engine.restore()
        with engines.connect(engine.name, engine.address()) as conn:
            started = time.perf_counter()
            figures["floor_rows"] = bulk_load(conn, engine.name, tables, kept)
            figures["floor"] = time.perf_counter() - started
        runs.append(figures)
    label = {"P": "Pégase (REST, local server)", "A": "Apogée (SQL, PostgreSQL)"}[typ]
    if repeat > 1:
        each = ", ".join(
            f"{f['read']:.2f}/{f['floor']:.2f}/{f['sync']:.2f}/{f['again']:.2f}"
            f" ({f['sync'] / (f['read'] + f['floor']):.2f}x)"
            for f in runs
        )
        print(f"-- {label}, read/floor/sync/again (ratio): {each}")
    figures = {k: engines.median([f[k] for f in runs]) for k in ("read", "sync", "again", "floor", "peak")}
    figures.update({k: runs[0][k] for k in ("read_rows", "written", "rewritten", "floor_rows")})
    read, sync, again, floor = figures["read"], figures["sync"], figures["again"], figures["floor"]
    floor_rows, rows = figures["floor_rows"], figures["read_rows"]
    print(
        f"-- {label}: {rows} rows read, {figures['written']} written" + (" (medians)" if repeat > 1 else "")
    )
    print(f"   read  {read:6.2f} s   (source alone, {rows / read:,.0f} rows/s)")
    floor_rate, ratio = floor_rows / floor, sync / (read + floor)
    print(
        f"   floor {floor:6.2f} s   (plain bulk load of the {floor_rows} rows written, {floor_rate:,.0f}/s)"
    )
    print(f"   sync  {sync:6.2f} s   {rows / sync:,.0f} rows/s   ratio {ratio:.2f}x (read + floor)")
    print(f"   again {again:6.2f} s   {rows / again:,.0f} rows/s   ratio {again / (read + floor):.2f}x, "
          f"{figures['rewritten']} row(s) rewritten")  # fmt: skip
    print(f"   peak memory of the syncs' process {figures['peak']:.0f} MiB")


def _syncs(engine: str, address: str, typ: str, pipe: Any) -> None:
    """In a child process: the source alone, then the sync twice on the restored database."""
    from bench import engines
    from ecandidat_batches.jobs import synchro_siscol
    from ecandidat_batches.siscol.sources import normalised
    from ecandidat_batches.siscol.steps import STEPS

    source = source_of(typ)
    started = time.perf_counter()
    read_rows = 0
    for step in STEPS:
        rows = source.rows(step)
        if rows is not None:
            read_rows += sum(1 for _ in normalised(step, rows, typ))
    read = time.perf_counter() - started
    conn = engines.connect(engine, address)
    source = source_of(typ)
    started = time.perf_counter()
    outs = [synchro_siscol.run_step(conn, s.name, source, typ_siscol=typ) for s in STEPS]
    sync = time.perf_counter() - started
    started = time.perf_counter()
    again_outs = [synchro_siscol.run_step(conn, s.name, source, typ_siscol=typ) for s in STEPS]
    again = time.perf_counter() - started
    conn.close()
    pipe.send({
        "read": read, "sync": sync, "again": again, "read_rows": read_rows, "peak": _mib(),
        "written": sum(o.compteurs.get("inseres", 0) for o in outs),
        "rewritten": sum(o.compteurs.get("inseres", 0) + o.compteurs.get("mis_a_jour", 0)
                         for o in again_outs),
    })  # fmt: skip


def bulk_load(conn: Any, engine: str, tables: dict[str, tuple[str, ...]], rows: dict[str, list[Any]]) -> int:
    """The floor: each table's rows loaded as fast as the driver goes, in FK order, one transaction."""
    from ecandidat_batches.siscol.steps import STEPS

    total = 0
    cur = conn.cursor()
    if engine == "mariadb":
        cur.execute("DELETE FROM version WHERE cod_version = 'VERSION_SI_SCOL'")
    for table in dict.fromkeys(s.table for s in STEPS):
        columns, data = tables[table], rows[table]
        if table == "version":
            data = [r for r in data if r[0] == "VERSION_SI_SCOL"]
            cur.execute("DELETE FROM version WHERE cod_version = 'VERSION_SI_SCOL'")
        if not data:
            continue
        if engine == "mariadb":
            statement = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            )
            for i in range(0, len(data), 5000):
                cur.executemany(statement, data[i : i + 5000])
        else:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        total += len(data)
    conn.commit()
    return total


if __name__ == "__main__":
    main(sys.argv[1:])
