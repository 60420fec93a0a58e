"""BATCH_ASYNC_OPI towards Apogée against a local OpiMetier server with a realistic latency.

``python -m bench.opi [CANDIDATES] [--latency SECONDS] [--engine postgresql|mariadb]`` (default 2,000
candidates, 0.1 s per call; the demo's active campaign made an Apogée one, every generated candidate
with one to three accepted, pending OPIs). The service (``dev/fakes/opi_metier.py``) answers after
the latency and writes ``IND_OPI``/``VOEUX_INS`` in an Apogée database of its own (an embedded
PostgreSQL). On the same data each time (restored), it prints:

* the first 200 candidates one call at a time (``opi_concurrency = 1``), then at the default bound:
  calls per second and the speed-up (the target is 8x or more at the default bound of 10);
* our own overhead per candidate, one call at a time without latency: the run's time minus the time
  spent waiting for the service (reading the candidates set-based, building the payload, reading
  IND_OPI and VOEUX_INS back, stamping);
* every candidate at the default bound: calls per second;
* BATCH_ASYNC_OPI_PJ: 200 documents of 100 kB read from a file-system store and sent to the local
  PjOpiMetier (same latency), one at a time and at the default bound.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from dev import SQL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

APOGEE_CAMPAIGN = [
    "UPDATE campagne SET typ_siscol = 'A' WHERE id_camp = 2",
    "INSERT INTO siscol_centre_gestion (cod_cge, lib_cge, lic_cge, typ_siscol, tem_en_sve_cge)"
    " VALUES ('SCI', 'UFR SCIENCES', 'SCIENCES', 'D', TRUE)",
    "UPDATE formation SET cod_cge = 'SCI', cod_etp_vet_apo_form = concat('ETP', id_form),"
    " cod_vrs_vet_apo_form = '1'",
    "UPDATE candidature SET tem_accept_cand = TRUE WHERE id_candidat > %(first)s",
    "UPDATE opi SET dat_passage_opi = NULL WHERE id_cand IN"
    " (SELECT id_cand FROM candidature WHERE id_candidat > %(first)s)",
    "UPDATE opi SET dat_passage_opi = %(now)s WHERE id_cand IN"
    " (SELECT id_cand FROM candidature WHERE id_candidat <= %(first)s)",
]


#: The first generated candidates' first document, as PJ OPI under their OPI code (after the OPI run,
#: Apogée knows them all); no COD_IND_OPI, so no check on the SI's folder.
PJ_OPI = """
INSERT INTO pj_opi (cod_opi, cod_apo_pj, cod_ind_opi, id_candidat, id_fichier)
SELECT concat('EC', m.num_dossier_opi_cpt_min), 'PI', NULL, m.id_cpt_min, 2 * (4 * m.id_cpt_min + 1)
FROM compte_minima AS m
WHERE m.id_cpt_min > %(first)s AND m.id_cpt_min <= %(first)s + %(n)s
"""


def pj(engine: Any, dsn: str, base: Path, bound: int, latency: float, moment: Any, n: int) -> None:
    """BATCH_ASYNC_OPI_PJ: ``n`` documents of 100 kB from a file-system store, 1 then ``bound`` at a time."""
    import os

    import psycopg
    from dev.fakes.opi_metier import FakeOpiMetier

    from bench import engines
    from ecandidat_batches.files.stores import FileSystemStore, Stores
    from ecandidat_batches.hooks.opi_metier import PjOpiMetierHook
    from ecandidat_batches.jobs import async_opi_pj

    store = FileSystemStore(base / "files")
    db = engines.connect(engine.name, engine.address())
    engines.execute(db, "DELETE FROM pj_opi")
    engines.execute(db, PJ_OPI, {"first": engines.FIRST_ACCOUNT, "n": n})
    for (path,) in engines.execute(db, "SELECT f.file_fichier FROM pj_opi p JOIN fichier f"
                                       " ON f.id_fichier = p.id_fichier").fetchall():  # fmt: skip
        store.write(path, os.urandom(100_000))
    db.commit()
    timings = {}
    for concurrency in (1, bound):
        engines.execute(db, "UPDATE pj_opi SET dat_deversement = NULL")
        db.commit()
        with FakeOpiMetier(
            lambda: psycopg.connect(dsn), latency=latency, pj_folder=base / "apogee-pj"
        ) as fake:
            os.environ["AIRFLOW_CONN_PJ_OPI_METIER_DEFAULT"] = (
                f'{{"conn_type": "http", "host": "{fake.pj_url}"}}'
            )
            started = time.perf_counter()
            hook = PjOpiMetierHook(pool_size=concurrency)
            summary = async_opi_pj.run(
                db, code="BATCH_ASYNC_OPI_PJ", stores=Stores.single(store), typ_siscol="A", apogee_pj_root="",
                pj_service=hook, concurrency=concurrency, clock=lambda: moment,
            )  # fmt: skip
            timings[concurrency] = time.perf_counter() - started
        assert summary.compteurs["pj_opi_envoyees"] == n, summary.lignes
    db.close()
    one, many = timings[1], timings[bound]
    print(f"   PJ OPI: {n} documents of 100 kB, 1 at a time {one:6.2f} s ({n / one:5.1f}/s), "
          f"{bound} at a time {many:6.2f} s ({n / many:5.1f}/s), speed-up {one / many:.1f}x")  # fmt: skip


class TimedService:
    """The hook, timing the calls (what the run spends waiting for the service)."""

    def __init__(self, hook: Any) -> None:
        self.hook = hook
        self.waited = 0.0
        self.calls = 0
        self.lock = threading.Lock()

    def mettre_a_jour_donnees_opi(self, donnees: dict[str, Any]) -> None:
        started = time.perf_counter()
        self.hook.mettre_a_jour_donnees_opi(donnees)
        with self.lock:
            self.waited += time.perf_counter() - started
            self.calls += 1


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    latency, argv = engines.option_from_argv(argv, "--latency", 0.1, float)
    candidates = int(argv[0]) if argv else 2000
    for name in names:
        run_engine(name, candidates, latency)


def run_engine(name: str, candidates: int, latency: float) -> None:
    import os
    import shutil

    import psycopg
    from dev.fakes.opi_metier import FakeOpiMetier

    from bench import engines
    from ecandidat_batches import settings
    from ecandidat_batches.clock import PARIS
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.hooks.opi_metier import OpiMetierHook
    from ecandidat_batches.jobs import async_opi

    base = Path(tempfile.mkdtemp(prefix="ecbopi-", dir="/tmp"))
    engine = engines.start(name, base)
    (base / "apogee").mkdir()
    apogee_server = engines.start("postgresql", base / "apogee")
    try:
        with psycopg.connect(host=apogee_server.address(), user="postgres", dbname="postgres",
                             autocommit=True) as admin:  # fmt: skip
            admin.execute("CREATE DATABASE apogee")
        dsn = f"host={apogee_server.address()} user=postgres dbname=apogee"
        with psycopg.connect(dsn, autocommit=True) as apo:
            apo.execute((SQL / "apogee" / "opi.sql").read_text(encoding="utf-8"))

        conn = engine.create()
        now = engines.demo_campaign(conn, candidates)
        with transaction(conn) as cur:
            for statement in APOGEE_CAMPAIGN:
                cur.execute(statement, {"first": engines.FIRST_ACCOUNT, "now": now})
        (pending,) = engines.execute(
            conn, "SELECT count(*) FROM opi WHERE dat_passage_opi IS NULL"
        ).fetchone()
        conn.close()
        engine.save()
        moment = now.replace(tzinfo=PARIS)
        print(f"\n== BATCH_ASYNC_OPI (Apogée), {name}: {candidates} candidates, {pending} pending OPIs,"
              f" OpiMetier latency {latency * 1000:.0f} ms")  # fmt: skip

        def once(limit: int, concurrency: int, delay: float) -> tuple[float, TimedService, Any]:
            engine.restore()
            with psycopg.connect(dsn, autocommit=True) as apo:
                apo.execute("TRUNCATE IND_OPI, VOEUX_INS")
            db = engines.connect(engine.name, engine.address())
            engines.execute(db, "UPDATE parametre SET val_param = %s WHERE cod_param = 'OPI_NB_BATCH_MAX'",
                            (str(limit),))  # fmt: skip
            db.commit()
            with FakeOpiMetier(lambda: psycopg.connect(dsn), latency=delay) as fake:
                os.environ["AIRFLOW_CONN_OPI_METIER_DEFAULT"] = (
                    f'{{"conn_type": "http", "host": "{fake.url}"}}'
                )
                service = TimedService(OpiMetierHook(pool_size=concurrency))
                started = time.perf_counter()
                summary = async_opi.run(
                    db, code="BATCH_ASYNC_OPI", typ_siscol="A", opi_metier=service,
                    apogee=lambda: psycopg.connect(dsn), concurrency=concurrency, clock=lambda: moment,
                )  # fmt: skip
                took = time.perf_counter() - started
            db.close()
            return took, service, summary

        first = min(200, candidates)  # the sample measured one call at a time
        serial, s1, _ = once(first, 1, latency)
        bound = settings.opi_concurrency()
        parallel, s10, _ = once(first, bound, latency)
        print(f"   {first} candidates, 1 call at a time   {serial:6.2f} s   {s1.calls / serial:6.1f} calls/s")
        print(
            f"   {first} candidates, {bound} at a time       {parallel:6.2f} s   "
            f"{s10.calls / parallel:6.1f} calls/s   speed-up {serial / parallel:.1f}x"
        )
        bare, s0, _ = once(first, 1, 0.0)
        overhead = (bare - s0.waited) / max(1, s0.calls)
        print(
            f"   our overhead per candidate         {overhead * 1000:6.1f} ms   "
            f"({first} candidates, no latency, "
            f"{bare:.2f} s of which {s0.waited:.2f} s in the service)"
        )
        everything, sall, summary = once(0, bound, latency)
        errors = summary.compteurs["candidats_en_erreur"]
        print(
            f"   all {sall.calls} candidates, {bound} at a time  {everything:6.2f} s   "
            f"{sall.calls / everything:6.1f} calls/s   {errors} errors"
        )
        pj(engine, dsn, base, bound, latency, moment, first)
    finally:
        engine.stop()
        apogee_server.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
