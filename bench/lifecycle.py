"""The campaign lifecycle batches at a large university's scale, against a floor and row-by-row.

``python -m bench.lifecycle [SCALE] [--engine postgresql|mariadb] [--rtt-ms X] [--only archivage,...]``
(default 0.25 on both engines; 1.0 = 60,000 accounts, 150,000 candidatures and 300,000 attachment
files per campaign). For each engine it starts a server of its own (the embedded PostgreSQL, Debian's
MariaDB), loads eCandidat's schema and the demo dataset, adds that many accounts to its archived
campaign CAMP2025 and to its current campaign CAMP2026 (CAMP2027 is due for activation), saves the
database, then for each batch and each implementation restores it, writes the attachment files on
disk, and runs it in a fresh process, which reports its wall time and peak memory:

* batch: the batch's job as the DAG runs it (set-based SQL by chunks, short transactions);
* floor: the same SQL as one statement over the whole campaign (no chunking, one transaction);
* row-by-row: eCandidat's style, one statement per row as its ORM does (on a sample, extrapolated).

Finally the batch runs again (best of two) on campaigns four times smaller: the growth of its time for
four times the data (4x when each chunk costs the same whatever the tables' size), and whether memory
grows with data. A measurement that fails (a floor that the engine cannot run in one statement) is
reported with its reason, and the benchmark goes on. With ``--rtt-ms X`` every statement also pays an
X ms network round trip, as with a database on another host (``bench/network.py``).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.engines import BENCH_SQL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

FULL = {"accounts": 60_000}  # x 2.5 candidatures x 2 files per account with a candidat
#: The demo dataset's campaigns: archived (BATCH_DESTRUCT_DOSSIER), current (BATCH_NETTOYAGE_CPT, and
#: archived by BATCH_ARCHIVAGE when it activates CAMP2027).
OLD, CURRENT = (1, "CAMP2025", "O"), (2, "CAMP2026", "C")


def generate(engine: Any, scale: float) -> dict[str, int]:
    """Fill the engine's ``ecandidat`` database for ``scale``, and save it."""
    import datetime as dt

    from bench.engines import execute
    from ecandidat_batches.clock import paris_now, wall_clock
    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import demo

    conn = engine.create()
    demo.run(conn, code="BATCH_DEMO", store=None, demo_mode=True)
    accounts = max(100, int(FULL["accounts"] * scale))
    now = wall_clock(paris_now())
    for (id_camp, cod_camp, prefix), invalid in ((OLD, 0), (CURRENT, accounts // 20)):
        first = 1_000_000 * id_camp
        with transaction(conn) as cur:
            params = {
                "id_camp": id_camp, "cod_camp": cod_camp, "prefix": prefix, "first": first,
                "accounts": accounts, "invalid": invalid, "born": dt.date(2005, 5, 5),
                "created": now - dt.timedelta(days=30), "expired": now - dt.timedelta(days=10),
                "filed": now - dt.timedelta(days=500),
            }  # fmt: skip
            sqlfiles.execute(cur, BENCH_SQL / "generate.sql", params)
    counts = {
        t: execute(conn, f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("compte_minima", "candidat", "candidature", "fichier")
    }
    conn.close()
    engine.save()
    return counts


def restore(engine: Any, address: str, store_root: Path, files: bool = True) -> None:
    """The saved database, and CAMP2025's attachment files on disk."""
    import shutil

    from bench.engines import connect, execute

    engine.restore()
    shutil.rmtree(store_root, ignore_errors=True)
    if not files:
        return
    conn = connect(engine.name, address)
    try:
        paths = [
            r[0]
            for r in execute(conn, "SELECT file_fichier FROM fichier WHERE file_fichier LIKE 'CAMP2025/%%'")
        ]
    finally:
        conn.close()
    # One makedirs per folder, raw system calls per file (creating the 60,000 folders dominates).
    made: set[str] = set()
    root = str(store_root)
    for path in paths:
        target = os.path.join(root, path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, b"%PDF-1.4\n")
        os.close(fd)
    # On disk before the measurement, as files written months ago are: otherwise the kernel writes them
    # back while the batch removes them (at scale 1.0, a removal cost 3.7 times more than at 0.25).
    os.sync()


def measure(
    engine: Any, address: str, store_root: Path, batch: str, mode: str, sample: int = 0
) -> dict[str, Any]:
    """One measurement in a fresh process on a fresh copy: its figures, or ``{"error": reason}``."""
    restore(engine, address, store_root, files=batch == "destruct_dossier")  # the others touch no file
    out = subprocess.run(
        [sys.executable, "-m", "bench.lifecycle", "--worker", engine.name, address, str(store_root),
         batch, mode, str(sample)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if out.returncode != 0:
        lines = [line for line in out.stderr.strip().splitlines() if line.strip()]
        return {"error": lines[-1] if lines else f"exit status {out.returncode}"}
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _files(result: dict[str, Any]) -> str:
    """How much of a measurement went into removing files, when the batch removes any."""
    return f" (files {result['files_seconds']:.2f} s)" if result.get("files_seconds") else ""


def best(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of the measurements that ran, else the first failure."""
    ran = [r for r in results if "error" not in r]
    return min(ran, key=lambda r: r["seconds"]) if ran else results[0]


# -- worker side: one measurement in a fresh process ---------------------------------------------


def _row_by_row(conn: Any, store_root: Path, batch: str, sample: int) -> int:
    """eCandidat's way: one statement per row (its JPA repositories), a commit per entity."""
    from bench import rowbyrow

    return getattr(rowbyrow, batch)(conn, store_root, sample)


def _peak_mib() -> float:
    """This process's peak memory. Not ``ru_maxrss``: Linux keeps it across exec, so a worker would
    report the benchmark's own peak (the file list it writes) instead of the batch's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TimedStore:
    """The file store the batch removes its files from, its time counted apart: removing 300,000 files
    is the disk's work, which other work on the machine slows down more than the database's."""

    def __init__(self, root: Path) -> None:
        from ecandidat_batches.files.stores import FileSystemStore

        self.store, self.seconds = FileSystemStore(root), 0.0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)

        def timed(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def worker(engine: str, address: str, store_root: Path, batch: str, mode: str, sample: int) -> None:
    from bench.engines import connect
    from ecandidat_batches.jobs import archivage, destruct_dossier, nettoyage_cpt

    conn = connect(engine, address)
    store = TimedStore(store_root)
    # batch: the job's default chunk, as the DAG with the default [ecandidat] chunk_size; floor: one chunk
    chunking = {"chunk": 10**9} if mode == "floor" else {}
    started = time.perf_counter()
    if mode == "rowbyrow":
        rows = _row_by_row(conn, store_root, batch, sample)
    elif batch == "archivage":
        rows = archivage.run(conn, code="BATCH_ARCHIVAGE", **chunking).compteurs["candidatures"]
    elif batch == "nettoyage_cpt":
        rows = nettoyage_cpt.run(conn, code="BATCH_NETTOYAGE_CPT", **chunking).compteurs["comptes"]
    else:
        summary = destruct_dossier.run(conn, store, code="BATCH_DESTRUCT_DOSSIER", **chunking)
        c = summary.compteurs
        rows = sum(c[k] for k in ("compte_minima", "candidat", "candidature", "pj_cand", "fichier"))
        rows += c["enfants_candidature"] + c["enfants_candidat"] + c["adresse"]
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak, "files_seconds": store.seconds}))


# -- report ------------------------------------------------------------------------------------------


SAMPLES = {"archivage": 20_000, "nettoyage_cpt": 0, "destruct_dossier": 1_000}
LABELS = {
    "archivage": ("BATCH_ARCHIVAGE", "candidatures"),
    "nettoyage_cpt": ("BATCH_NETTOYAGE_CPT", "comptes"),
    "destruct_dossier": ("BATCH_DESTRUCT_DOSSIER", "lignes"),
}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--worker":
        worker(argv[1], argv[2], Path(argv[3]), argv[4], argv[5], int(argv[6]))
        return
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return
    from bench import engines, network

    rtt, argv = network.rtt_from_argv(argv)
    only = set(LABELS)
    if "--only" in argv:  # e.g. --only archivage,nettoyage_cpt
        i = argv.index("--only")
        only, argv = set(argv[i + 1].split(",")), argv[:i] + argv[i + 2 :]
    names, argv = engines.engines_from_argv(argv)
    scale = float(argv[0]) if argv else 0.25
    for name in names:
        run_engine(name, scale, rtt, only)


def run_engine(name: str, scale: float, rtt: float | None, only: set[str]) -> None:
    """Every measurement on one engine, on a server of the benchmark's own."""
    import shutil

    from bench import engines, network

    base = Path(tempfile.mkdtemp(prefix="ecbl-", dir="/tmp"))
    store = base / "files"
    engine = engines.start(name, base)
    relay = None
    if rtt is not None:  # every connection of the benchmark, its workers' included, goes through it
        relay = network.LatencyRelay(engine.socket, engine.relay_path(base / "relay"), rtt)
    address = engine.address(relay.path if relay else None)
    try:
        t0 = time.perf_counter()
        counts = generate(engine, scale)
        print(
            f"== {name}, scale {scale}: {counts} in 3 campaigns, "
            f"generated in {time.perf_counter() - t0:.0f} s"
        )
        conn = engines.connect(name, address)
        where = f"a relay adding {rtt} ms per round trip" if rtt is not None else "its Unix socket"
        print(f"database over {where}: SELECT 1 takes {network.measured_rtt_ms(conn):.3f} ms")
        conn.close()
        times: dict[str, dict[str, Any]] = {}
        for batch, (code, unit) in LABELS.items():
            if batch not in only:
                continue
            # Best of two: the machine's other work (and the file system's caches) make single runs noisy.
            res = {
                mode: best([measure(engine, address, store, batch, mode, SAMPLES[batch]) for _ in range(2)])
                for mode in ("batch", "floor")
            }
            b, f = res["batch"], res["floor"]
            if "error" in b:
                print(f"{code}: the batch failed: {b['error']}")
                continue
            times[code] = b
            total = b["rows"]
            line = (
                f"{code}: {b['seconds']:.2f} s{_files(b)} for {total} {unit} = {total / b['seconds']:.0f} "
                f"{unit}/s, peak {b['peak_mb']:.0f} MiB | "
            )
            if "error" in f:
                line += f"floor (one statement) cannot run: {f['error']}"
            else:
                ratio = b["seconds"] / f["seconds"]
                line += f"floor (one statement) {f['seconds']:.2f} s{_files(f)}, ratio {ratio:.2f}x"
            rbr = measure(engine, address, store, batch, "rowbyrow", SAMPLES[batch])
            if "error" in rbr:
                line += f" | row-by-row failed: {rbr['error']}"
            else:
                rbr_full = rbr["seconds"] / max(rbr["rows"], 1) * total
                sampled = f" (extrapolated from {rbr['rows']})" if rbr["rows"] < total else ""
                line += f" | row-by-row {rbr_full:.1f} s{sampled}, {rbr_full / b['seconds']:.0f}x slower"
            print(line, flush=True)
        # Time and memory against data size: the same batches on campaigns four times smaller.
        generate(engine, scale / 4)
        for batch, (code, unit) in LABELS.items():
            if code not in times:
                continue
            quarter = best([measure(engine, address, store, batch, "batch") for _ in range(2)])
            if "error" in quarter:
                print(f"{code}: the batch failed at scale {scale / 4}: {quarter['error']}")
                continue
            full = times[code]
            growth, data = full["seconds"] / quarter["seconds"], full["rows"] / max(quarter["rows"], 1)
            line = (
                f"{code}: {quarter['seconds']:.2f} s{_files(quarter)} for {quarter['rows']} {unit} at scale "
                f"{scale / 4}, {full['seconds']:.2f} s for {full['rows']} at {scale}: growth {growth:.2f}x "
                f"for {data:.2f}x the data"
            )
            if quarter.get("files_seconds"):
                rest = [r["seconds"] - r["files_seconds"] for r in (full, quarter)]
                line += f" ({rest[0] / rest[1]:.2f}x without removing the files)"
            print(
                f"{line} | peak {quarter['peak_mb']:.0f} MiB at scale {scale / 4}, {full['peak_mb']:.0f} MiB "
                f"at {scale}",
                flush=True,
            )
    finally:
        if relay is not None:
            relay.close()
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
