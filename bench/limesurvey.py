"""BATCH_SYNC_LIMESURVEY on a campaign's worth of forms: 30 surveys x 5,000 responses.

``python -m bench.limesurvey [SURVEYS] [RESPONSES] [--repeat N] [--engine postgresql|mariadb]``
(both by default).
A server of the benchmark's own (the embedded PostgreSQL, Debian's MariaDB) holds the demo dataset,
whose current campaign gets one candidate per response; the RemoteControl 2 server of the tests
(dev/fakes, the documented protocol over HTTP on 127.0.0.1) serves the surveys from another process,
as LimeSurvey runs on another host, with ``--latency-ms`` (default 50) added to each request. It
times:

* the batch: export, decode, keep the latest per key, bulk upsert (first run: all inserts);
* the batch again (nothing newer: all rows compared, none written);
* the floor: a plain bulk insert of the same rows into an empty formulaire_candidat.
"""

from __future__ import annotations

import datetime as dt
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
LONG = "Une réponse un peu longue " * 4
sys.path.insert(0, str(ROOT / "plugins"))


def main(argv: list[str]) -> None:
    from bench import engines

    (names, argv), latency = engines.engines_from_argv(argv), 0.05
    repeat, argv = engines.repeat_from_argv(argv)
    if "--latency-ms" in argv:
        i = argv.index("--latency-ms")
        latency, argv = float(argv[i + 1]) / 1000, argv[:i] + argv[i + 2 :]
    surveys = int(argv[0]) if argv else 30
    per_survey = int(argv[1]) if len(argv) > 1 else 5000
    for name in names:
        run_engine(name, surveys, per_survey, latency, repeat)


def run_engine(name: str, surveys: int, per_survey: int, latency: float, repeat: int = 1) -> None:
    import shutil

    from bench import engines
    from ecandidat_batches import settings
    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
    from ecandidat_batches.jobs import sync_limesurvey

    base = Path(tempfile.mkdtemp(prefix="ecbs-", dir="/tmp"))
    engine = engines.start(name, base)
    try:
        conn = engine.create()
        now = engines.demo_campaign(conn, per_survey)
        first = engines.FIRST_ACCOUNT
        with transaction(conn) as cur:
            sqlfiles.execute(cur, BENCH_SQL / "limesurvey_forms.sql", {"surveys": surveys, "now": now})
            cur.execute(
                "SELECT num_dossier_opi_cpt_min FROM compte_minima WHERE id_cpt_min > %s ORDER BY 1", (first,)
            )
            ids = [r[0] for r in cur.fetchall()]
        spec = {
            "latency": latency,
            "surveys": {
                str(100000 + n): [
                    {"id": i, "submitdate": "2026-11-01 10:00:00", "lastpage": 3, "startlanguage": "fr",
                     "seed": "1", "numDossier": dossier, "Q1": "Oui", "Q2": LONG, "Q3[SQ001]": None}
                    for i, dossier in enumerate(ids, 1)
                ]
                for n in range(1, surveys + 1)
            },
        }  # fmt: skip
        (base / "surveys.json").write_text(json.dumps(spec))
        server = subprocess.Popen(
            [sys.executable, "-m", "dev.fakes.limesurvey", str(base / "surveys.json")],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            url = server.stdout.readline().strip() if server.stdout else ""
            os.environ["AIRFLOW_CONN_LIMESURVEY_DEFAULT"] = json.dumps(
                {"conn_type": "http", "host": url, "login": "ecandidat", "password": "secret"}
            )
            rows = surveys * per_survey
            with transaction(conn) as cur:
                cur.execute("SELECT id_candidat FROM candidat WHERE id_candidat > %s ORDER BY 1", (first,))
                id_candidats = [r[0] for r in cur.fetchall()]
            batches, agains, floors = [], [], []
            for _ in range(repeat):
                with transaction(conn) as cur:
                    cur.execute("DELETE FROM formulaire_candidat")
                t0 = time.perf_counter()
                first_run = sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
                batches.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                sync_limesurvey.run(conn, LimeSurveyHook(), code="BATCH_SYNC_LIMESURVEY")
                agains.append(time.perf_counter() - t0)
                assert first_run.compteurs["inseres"] == rows, first_run.compteurs
                floors.append(_floor(conn, surveys, id_candidats, now))
        finally:
            server.communicate("")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"== {name}, BATCH_SYNC_LIMESURVEY: {surveys} surveys x {per_survey} responses = {rows} rows, "
            f"LimeSurvey in another process, {latency * 1000:.0f} ms per request, "
            f"{settings.limesurvey_parallel_exports()} exports at once"
        )
        if repeat > 1:
            each = ", ".join(
                f"{b:.2f}/{a:.2f}/{f:.2f}" for b, a, f in zip(batches, agains, floors, strict=True)
            )
            print(f"  first/second/floor: {each}")
        batch, again, floor = (engines.median(x) for x in (batches, agains, floors))
        print(
            f"  first run (export over HTTP, decode, bulk upsert): {batch:.2f} s = {rows / batch:.0f} rows/s"
        )
        print(f"  second run (nothing newer, nothing written): {again:.2f} s")
        print(f"  floor, plain bulk insert of the same rows: {floor:.2f} s; batch/floor {batch / floor:.2f}x")
        print(f"  peak memory of the batch's process so far: {peak:.0f} MiB")
        conn.close()
    finally:
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


def _floor(conn: Any, surveys: int, id_candidats: list[int], now: dt.datetime) -> float:
    """The same rows, already decoded and keyed, bulk-inserted into an empty table: seconds."""
    from ecandidat_batches.db.transactions import transaction

    with transaction(conn) as cur:
        cur.execute("DELETE FROM formulaire_candidat")
    text = "Q1 : Oui{;}Q2 : " + LONG + "{;}Q3[SQ001] : null{;}"
    when = dt.datetime(2026, 11, 1, 10)
    t0 = time.perf_counter()
    with transaction(conn) as cur:
        for n in range(1, surveys + 1):
            cur.executemany(
                "INSERT INTO formulaire_candidat (id_candidat, id_formulaire_limesurvey,"
                " reponses_formulaire_candidat, dat_reponse_formulaire_candidat,"
                " dat_cre_formulaire_candidat,"
                " dat_mod_formulaire_candidat) VALUES (%s, %s, %s, %s, %s, %s)",
                [(c, 100000 + n, text, when, now, now) for c in id_candidats],
            )
    return time.perf_counter() - t0


if __name__ == "__main__":
    main(sys.argv[1:])
