"""BATCH_RELANCE_TRANSMISSION on a campaign of 150,000 candidatures, and its mails.

``python -m bench.relance_transmission [ACCOUNTS] [--mails N] [--engine postgresql|mariadb]`` (60,000
accounts: 150,000 candidatures by bench/generate.sql in the demo's active campaign). Two candidatures in
five are left "en attente" (never transmitted); the formations' return deadlines are today + 7 (L3-INFO),
today + 2 (M1-MIAGE) and today + 10 (M1-HIST), and one candidature in seven has its own later deadline
(today + 2, or + 9: not due). With the default delays (7 and 2) about 34,000 are due. It times, on the
same data each time:

* the run: the campaign, the one SELECT of the due candidatures, the day's record, the lot of mails
  written to a journal file; against a floor of that SELECT alone (``relance_transmission/due.sql``,
  every row fetched): the ratio is what the run adds around it (mostly the journal's lot of every
  mail, written once);
* a rerun the same day (everything already reminded, the first run's lot still in the journal: nothing
  announced);

Each is the best of three (the run changes nothing in the database).
* the mails: the first N (default 2,000) of the lot built from the database (the candidature, its
  template, the check that it still waits), rendered and sent to an SMTP server in another process
  (aiosmtpd, which takes and drops them): mails per second.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

CODE = "BATCH_RELANCE_TRANSMISSION"
#: Each measure is the best of this many (the run changes nothing in the database).
REPEAT = 3
#: Two in five left "en attente"; the formations' deadlines; one in seven with its own deadline.
WAITING = [
    "UPDATE candidature SET cod_typ_statut = 'AT', dat_recept_dossier_cand = NULL"
    " WHERE id_candidat > %(first)s AND mod(id_cand, 5) < 2",
    "UPDATE formation SET dat_retour_form = CASE cod_form WHEN 'L3-INFO' THEN %(d7)s"
    " WHEN 'M1-MIAGE' THEN %(d2)s ELSE %(d10)s END",
    "UPDATE candidature SET dat_new_retour_cand = CASE WHEN mod(id_cand, 2) = 0 THEN %(d2)s ELSE %(d9)s END"
    " WHERE id_candidat > %(first)s AND mod(id_cand, 7) = 0",
]


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    mails, argv = engines.option_from_argv(argv, "--mails", 2000, int)
    accounts = int(argv[0]) if argv else 60_000
    for name in names:
        run_engine(name, accounts, mails)


def _floor(engine: Any, params: dict[str, Any]) -> tuple[float, int]:
    """The run's SELECT alone on a fresh connection, every row fetched: (seconds, rows)."""
    from bench import engines
    from ecandidat_batches.db import sqlfiles

    conn = engines.connect(engine.name, engine.address())
    try:
        started = time.perf_counter()
        rows = sqlfiles.execute(conn.cursor(), "relance_transmission/due.sql", params).fetchall()
        took = time.perf_counter() - started
        conn.rollback()
        return took, len(rows)
    finally:
        conn.close()


def run_engine(name: str, accounts: int, mails: int) -> None:
    import shutil

    from bench import engines
    from ecandidat_batches.clock import PARIS
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import relance_transmission
    from ecandidat_batches.mails import outbox

    base = Path(tempfile.mkdtemp(prefix="ecbrelt-", dir="/tmp"))
    engine = engines.start(name, base)
    try:
        conn = engine.create()
        now = engines.demo_campaign(conn, accounts)
        today = now.date()
        days = {f"d{n}": today + dt.timedelta(days=n) for n in (2, 7, 9, 10)}
        with transaction(conn) as cur:
            for statement in WAITING:
                cur.execute(statement, {"first": engines.FIRST_ACCOUNT, **days})
        candidatures = engines.execute(conn, "SELECT count(*) FROM candidature").fetchone()[0]
        waiting = engines.execute(conn, "SELECT count(*) FROM candidature WHERE cod_typ_statut = 'AT'")
        en_attente = waiting.fetchone()[0]
        conn.close()
        engine.save()
        print(f"\n== {CODE}, {name}: {candidatures} candidatures, {en_attente} en attente")
        moment = now.replace(tzinfo=PARIS)

        params = {"id_camp": 2, "all_formations": True, "formations": [],
                  "deadlines": sorted([days["d2"], days["d7"]])}  # fmt: skip
        conn = engines.connect(engine.name, engine.address())
        runs, reruns, floors = [], [], []
        for attempt in range(REPEAT):  # the best of each: this machine is shared
            floor, rows = _floor(engine, params)
            floors.append(floor)
            journal = outbox.FileJournal(base / f"mails{attempt}.json")
            started = time.perf_counter()
            summary = relance_transmission.run(
                conn, code=CODE, outbox_journal=journal, clock=lambda: moment, read_reglages=lambda: None
            )
            runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            again = relance_transmission.run(
                conn, code=CODE, outbox_journal=journal, clock=lambda: moment, read_reglages=lambda: None
            )
            reruns.append(time.perf_counter() - started)
        conn.close()
        took, rerun, floor = min(runs), min(reruns), min(floors)
        c = summary.compteurs
        assert rows == c["candidatures_dues"], (rows, c)
        size = len(journal.load() or "")
        print(
            f"   run        {took:6.2f} s   {c['candidatures_dues']} due ({c['dues_j7']} at 7 days, "
            f"{c['dues_j2']} at 2), {c['mails_annonces']} mails announced, journal {size / 1e6:.1f} MB   "
            f"ratio {took / floor:.2f}x"
        )
        print(f"   floor      {floor:6.2f} s   (the one SELECT of the due candidatures, {rows} rows fetched)")
        print(
            f"   rerun      {rerun:6.2f} s   {again.compteurs['deja_relancees']} already reminded today, "
            f"{again.compteurs['mails_annonces']} announced   ratio {rerun / floor:.2f}x"
        )

        lot = json.loads(journal.load() or "{}")
        first = lot["lots"][0]
        first["mails"] = first["mails"][:mails]
        cut = outbox.FileJournal(base / "cut.json")
        cut.save(json.dumps({"lots": [first], "relances": lot["relances"]}))
        conn = engines.connect(engine.name, engine.address())
        sent, took = _send_all(conn, cut)
        conn.close()
        print(
            f"   mails      {took:6.2f} s   {sent} built, rendered and sent   {sent / took:.0f} mails/s "
            "(target >= 200/s)"
        )
    finally:
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


def _send_all(conn: Any, journal: Any) -> tuple[int, float]:
    """Deliver the journal to an SMTP sink in another process; (mails sent, seconds)."""
    from bench import engines
    from ecandidat_batches.jobs import relance_transmission

    return engines.send_to_sink(
        functools.partial(
            relance_transmission.send, conn, code=CODE, outbox_journal=journal, read_reglages=lambda: None
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
