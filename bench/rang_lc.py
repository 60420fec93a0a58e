"""BATCH_CALCUL_RANG_LC on a campaign of 150,000 candidatures, on both engines.

``python -m bench.rang_lc [ACCOUNTS] [--repeat N] [--engine postgresql|mariadb]`` (60,000 accounts: 150,000
candidatures by bench/generate.sql, in the active campaign of the demo dataset). Every candidature
of the two formations with a complementary list gets a second, validated LC decision with a rank
(a quarter of them sharing a rank, ordered by id). It times, on the same data each time:

* first run: every real rank written (with its candidature's user_mod_cand and dat_mod_cand);
* second run: nothing changes (every rank computed and compared, none written);
* floor: one plain statement with the first run's writes (every LC decision's real rank, copied from
  its rank, and its candidature's user_mod_cand and dat_mod_cand, the batch's values), without the
  ranking.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

LC_DECISIONS = """
INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,
                                       user_cre_type_dec_cand, tem_valid_type_dec_cand,
                                       list_comp_rang_typ_dec_cand)
SELECT cd.id_cand, td.id_typ_dec, FALSE, %(created)s, 'bench', TRUE, 1 + cd.id_cand - mod(cd.id_cand, 4)
FROM candidature AS cd
INNER JOIN formation AS f ON cd.id_form = f.id_form
INNER JOIN type_decision AS td ON td.cod_typ_dec = 'AVIS_LISTE_COMP'
WHERE cd.id_candidat > %(first)s AND f.tem_list_comp_form
"""

#: The same writes as a first run (every LC decision's real rank, its candidature's user_mod_cand and
#: dat_mod_cand, the batch's values) in one plain statement, without the ranking: the rank copied as
#: it is. (With 'floor' for 'autoListComp', a string of the length the generated rows hold, MariaDB
#: rewrote each candidature in place instead of moving it: the floor took a third less time than the
#: same writes.)
FLOOR = {
    "postgresql": """
WITH d AS (
    UPDATE type_decision_candidature SET list_comp_rang_reel_typ_dec_cand = list_comp_rang_typ_dec_cand
    WHERE list_comp_rang_typ_dec_cand IS NOT NULL RETURNING id_cand
)
UPDATE candidature AS c SET user_mod_cand = 'autoListComp', dat_mod_cand = %(now)s
FROM d WHERE c.id_cand = d.id_cand
""",
    "mariadb": """
UPDATE type_decision_candidature AS t INNER JOIN candidature AS c ON c.id_cand = t.id_cand
SET t.list_comp_rang_reel_typ_dec_cand = t.list_comp_rang_typ_dec_cand, c.user_mod_cand = 'autoListComp',
    c.dat_mod_cand = %(now)s
WHERE t.list_comp_rang_typ_dec_cand IS NOT NULL
""",
}


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    repeat, argv = engines.repeat_from_argv(argv)
    accounts = int(argv[0]) if argv else 60_000
    for name in names:
        run_engine(name, accounts, repeat)


def run_engine(name: str, accounts: int, repeat: int = 1) -> None:
    import shutil

    from bench import engines
    from ecandidat_batches.clock import paris_now, wall_clock
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import calcul_rang_lc

    base = Path(tempfile.mkdtemp(prefix="ecblc-", dir="/tmp"))
    engine = engines.start(name, base)
    try:
        conn = engine.create()
        now = engines.demo_campaign(conn, accounts)
        with transaction(conn) as cur:
            cur.execute(LC_DECISIONS, {"created": now, "first": engines.FIRST_ACCOUNT})
            candidatures = engines.execute(conn, "SELECT count(*) FROM candidature").fetchone()[0]
            ranked = "SELECT count(*) FROM type_decision_candidature WHERE list_comp_rang_typ_dec_cand > 0"
            lc = engines.execute(conn, ranked).fetchone()[0]
        conn.close()
        engine.save()
        print(f"\n== BATCH_CALCUL_RANG_LC, {name}: {candidatures} candidatures, {lc} LC decisions")

        firsts, seconds, floors = [], [], []
        for _ in range(repeat):
            engine.restore()
            conn = engines.connect(engine.name, engine.address())
            started = time.perf_counter()
            summary = calcul_rang_lc.run(conn, code="BATCH_CALCUL_RANG_LC")
            firsts.append(time.perf_counter() - started)
            started = time.perf_counter()
            again = calcul_rang_lc.run(conn, code="BATCH_CALCUL_RANG_LC")
            seconds.append(time.perf_counter() - started)
            conn.close()

            engine.restore()
            conn = engines.connect(engine.name, engine.address())
            started = time.perf_counter()
            cur = conn.cursor()
            cur.execute(FLOOR[engine.name], {"now": wall_clock(paris_now())})
            conn.commit()
            floors.append(time.perf_counter() - started)
            conn.close()
        if repeat > 1:
            each = ", ".join(
                f"{a:.2f}/{b:.2f}/{f:.2f}" for a, b, f in zip(firsts, seconds, floors, strict=True)
            )
            print(f"   first/second/floor: {each}")
        first_run, second_run, floor = (engines.median(x) for x in (firsts, seconds, floors))
        changed = summary.compteurs["rangs_modifies"]
        print(
            f"   first run  {first_run:6.2f} s   {changed} rank(s) written   ratio {first_run / floor:.2f}x"
        )
        print(f"   second run {second_run:6.2f} s   {again.compteurs['rangs_modifies']} written   "
              f"ratio {second_run / floor:.2f}x")  # fmt: skip
        print(
            f"   floor      {floor:6.2f} s   (one statement writing the {lc} LC ranks and their candidatures)"
        )
    finally:
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
