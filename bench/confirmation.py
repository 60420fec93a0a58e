"""BATCH_DESIST_AUTO and BATCH_RELANCE_FAVO on a campaign of 150,000 candidatures, and their mails.

``python -m bench.confirmation [ACCOUNTS] [--mails N] [--repeat N] [--engine postgresql|mariadb]``
(60,000 accounts: 150,000 candidatures by bench/generate.sql in the demo's active campaign).
Every generated candidature gets a latest decision: two in five a ranked LC decision, three in
five a validated favourable one, some of them past their deadline (L3-INFO's date is moved to
yesterday: all its favourable ones; in M1-MIAGE, 7 days after the decision, a third).
It times, on the same data each time:

* BATCH_DESIST_AUTO: selection, withdrawals, promotions from L3-INFO's list, reranking, one
  transaction, its mails announced in a journal file; against a floor of one UPDATE that selects the
  withdrawals with the batches' own SELECT (eCandidat's rule) inlined, plus two plain statements with
  the promotions' writes for ids known in advance (their selection not counted);
* BATCH_RELANCE_FAVO: the reminder day set so that M1-MIAGE's recent decisions are due; its floor is
  one UPDATE of the same rows, selecting them likewise;
* the mails: the first N (default 2,000) of the withdrawal's lot built from the database, rendered and
  sent to an SMTP server in another process (aiosmtpd, which takes and drops them): mails per second.
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

DECISIONS = """
INSERT INTO type_decision_candidature (
    id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand, user_cre_type_dec_cand,
    tem_valid_type_dec_cand, dat_valid_type_dec_cand, list_comp_rang_typ_dec_cand
)
SELECT cd.id_cand, td.id_typ_dec, FALSE, %(created)s, 'bench', TRUE,
       CASE WHEN mod(cd.id_cand, 12) >= 8 THEN %(old)s ELSE %(recent)s END,
       CASE WHEN mod(cd.id_cand, 5) < 2 THEN cd.id_cand END
FROM candidature AS cd
INNER JOIN formation AS f ON cd.id_form = f.id_form
INNER JOIN type_decision AS td
    ON td.cod_typ_dec = CASE WHEN mod(cd.id_cand, 5) < 2 AND f.tem_list_comp_form THEN 'AVIS_LISTE_COMP'
                             ELSE 'AVIS_FAVORABLE' END
WHERE cd.id_candidat > %(first)s
"""

#: The floors' single statements select with the batches' own SELECT of the candidatures awaiting an
#: answer (eCandidat's rule), inlined as a subquery: ``{awaiting}``. They write what the batches write,
#: value for value (a shorter string rewrites a MariaDB row in place where the batch's longer one
#: moves it: 'floor' for 'autoListComp' made the floor a third faster than the same writes).
FLOOR_DESIST = [
    "UPDATE candidature SET tem_accept_cand = FALSE, dat_accept_cand = %(now)s,"
    " user_accept_cand = 'autoDesist', dat_mod_cand = %(now)s"
    " WHERE id_cand IN (SELECT x.id_cand FROM ({awaiting}) AS x WHERE x.deadline < %(today)s)",
    "INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand,"
    " dat_cre_type_dec_cand, user_cre_type_dec_cand, tem_valid_type_dec_cand, dat_valid_type_dec_cand,"
    " user_valid_type_dec_cand)"
    " SELECT id_cand, id_typ_dec, FALSE, %(now)s, 'autoListComp', TRUE, %(now)s, 'autoListComp'"
    " FROM floor_promoted",
    {
        "postgresql": "UPDATE candidature AS c SET user_mod_cand = 'autoListComp', dat_mod_cand = %(now)s,"
        " tem_accept_cand = NULL, dat_new_confirm_cand = p.dat_new_confirm_cand"
        " FROM floor_promoted AS p WHERE c.id_cand = p.id_cand",
        "mariadb": "UPDATE candidature AS c INNER JOIN floor_promoted AS p ON c.id_cand = p.id_cand"
        " SET c.user_mod_cand = 'autoListComp', c.dat_mod_cand = %(now)s, c.tem_accept_cand = NULL,"
        " c.dat_new_confirm_cand = p.dat_new_confirm_cand",
    },
]
FLOOR_RELANCE = [
    "UPDATE candidature SET tem_relance_cand = TRUE, dat_mod_cand = %(now)s"
    " WHERE id_cand IN (SELECT x.id_cand FROM ({awaiting}) AS x WHERE x.deadline = %(day)s)"
]
#: The promotions a run made, which the floor writes again for ids known in advance.
PROMOTED = """
SELECT t.id_cand, t.id_typ_dec, c.dat_new_confirm_cand
FROM type_decision_candidature AS t
INNER JOIN candidature AS c ON t.id_cand = c.id_cand
WHERE t.user_cre_type_dec_cand = 'autoListComp'
"""


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    mails, argv = engines.option_from_argv(argv, "--mails", 2000, int)
    repeat, argv = engines.repeat_from_argv(argv)
    accounts = int(argv[0]) if argv else 60_000
    for name in names:
        run_engine(name, accounts, mails, repeat)


def _timed(conn: Any, statements: list[str], params: dict[str, Any]) -> float:
    started = time.perf_counter()
    cur = conn.cursor()
    for statement in statements:
        cur.execute(statement, params)
    conn.commit()
    return time.perf_counter() - started


def _floor(
    engine: Any, promoted: list[tuple[Any, ...]], statements: list[Any], params: dict[str, Any]
) -> float:
    """The floor's statements on the restored data, the promotions in a real table loaded beforehand
    (untimed)."""
    from bench import engines
    from ecandidat_batches.db import sqlfiles

    create = sqlfiles.statements("candidature/awaiting_confirmation.sql", engine.name)[0].sql
    awaiting = create.split(" AS\n", 1)[1]  # CREATE TEMPORARY TABLE tmp_attente_confirm AS <select>
    texts = [s[engine.name] if isinstance(s, dict) else s for s in statements]
    texts = [s.replace("{awaiting}", awaiting) for s in texts]

    engine.restore()
    conn = engines.connect(engine.name, engine.address())
    cur = conn.cursor()
    cur.execute(
        "CREATE TABLE floor_promoted"
        " (id_cand integer PRIMARY KEY, id_typ_dec integer, dat_new_confirm_cand date)"
    )
    cur.executemany("INSERT INTO floor_promoted VALUES (%s, %s, %s)", promoted)
    conn.commit()
    took = _timed(conn, texts, params)
    conn.close()
    return took


def _ratios(label: str, runs: list[float], floors: list[float]) -> None:
    from bench import engines

    if len(runs) > 1:
        each = ", ".join(f"{r:.2f}/{f:.2f}" for r, f in zip(runs, floors, strict=True))
        print(f"   {label:10} runs/floors: {each}")
    run, floor = engines.median(runs), engines.median(floors)
    print(f"   {label:10} median {run:6.2f} s, floor {floor:6.2f} s, ratio {run / floor:.2f}x")


def run_engine(name: str, accounts: int, mails: int, repeat: int = 1) -> None:
    import shutil

    from bench import engines
    from ecandidat_batches.clock import PARIS
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import confirmation
    from ecandidat_batches.mails import outbox

    base = Path(tempfile.mkdtemp(prefix="ecbconf-", dir="/tmp"))
    engine = engines.start(name, base)
    try:
        conn = engine.create()
        now = engines.demo_campaign(conn, accounts)
        params = {
            "created": now,
            "old": now - dt.timedelta(days=10),
            "recent": now - dt.timedelta(days=2),
            "first": engines.FIRST_ACCOUNT,
            "yesterday": now.date() - dt.timedelta(days=1),
        }
        with transaction(conn) as cur:
            cur.execute(DECISIONS, params)
            move = "UPDATE formation SET dat_confirm_form = %(yesterday)s WHERE cod_form = 'L3-INFO'"
            cur.execute(move, params)
            candidatures = engines.execute(conn, "SELECT count(*) FROM candidature").fetchone()[0]
        conn.close()
        engine.save()
        print(f"\n== BATCH_DESIST_AUTO / BATCH_RELANCE_FAVO, {name}: {candidatures} candidatures")
        moment = now.replace(tzinfo=PARIS)
        stamp = now.replace(microsecond=0)  # the batches' stamp: the clock, to the second

        runs, floors = [], []
        for attempt in range(repeat):
            engine.restore()
            journal = outbox.FileJournal(base / "mails.json")
            journal.save(None)
            conn = engines.connect(engine.name, engine.address())
            started = time.perf_counter()
            summary = confirmation.run(
                conn, code="BATCH_DESIST_AUTO", action="desist", outbox_journal=journal, clock=lambda: moment
            )
            runs.append(time.perf_counter() - started)
            promoted = list(engines.execute(conn, PROMOTED).fetchall())
            conn.close()
            selection = {"id_camp": 2, "now": stamp, "today": now.date(), "not_reminded": False}
            floors.append(_floor(engine, promoted, FLOOR_DESIST, selection))
            if attempt == 0:
                c = summary.compteurs
                print(
                    f"   desist     {c['desistements']} withdrawn, "
                    f"{c['passages_liste_principale']} promoted, "
                    f"{c['rangs_modifies']} ranks, {c['mails_annonces']} mails announced"
                )
        _ratios("desist", runs, floors)
        print(
            "   (floor: one UPDATE selecting the withdrawals as eCandidat, and the promotions' writes for "
            "known ids, the same values)"
        )

        runs, floors = [], []
        for _ in range(repeat):
            engine.restore()
            conn = engines.connect(engine.name, engine.address())
            days = "UPDATE parametre SET val_param = '5' WHERE cod_param = 'SCOL_NB_JOUR_RELANCE_FAVO'"
            engines.execute(conn, days)
            conn.commit()
            rjournal = outbox.FileJournal(base / "relance.json")
            rjournal.save(None)
            started = time.perf_counter()
            summary = confirmation.run(
                conn,
                code="BATCH_RELANCE_FAVO",
                action="relance",
                outbox_journal=rjournal,
                clock=lambda: moment,
            )
            runs.append(time.perf_counter() - started)
            conn.close()
            selection = {"id_camp": 2, "now": stamp, "today": now.date(), "not_reminded": True}
            selection["day"] = now.date() + dt.timedelta(days=5)
            floors.append(_floor(engine, [], FLOOR_RELANCE, selection))
        print(f"   relance    {summary.compteurs['relances']} reminded")
        _ratios("relance", runs, floors)

        # The mails: the withdrawal's lot cut to N, on the data as the withdrawal left it.
        lot = json.loads(journal.load() or '{"lots": []}')
        engine.restore()
        conn = engines.connect(engine.name, engine.address())
        again = outbox.FileJournal(base / "again.json")
        confirmation.run(
            conn, code="BATCH_DESIST_AUTO", action="desist", outbox_journal=again, clock=lambda: moment
        )
        first = lot["lots"][0]
        first["mails"] = first["mails"][:mails]
        journal.save(json.dumps({"lots": [first]}))
        sent, took = _send_all(conn, journal)
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
    from ecandidat_batches.jobs import confirmation

    return engines.send_to_sink(
        functools.partial(confirmation.send, conn, code="BATCH_DESIST_AUTO", outbox_journal=journal)
    )


if __name__ == "__main__":
    main(sys.argv[1:])
