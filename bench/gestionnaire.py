"""BATCH_MAJ_GESTIONNAIRE: 10,000 individus against a real OpenLDAP directory, on both engines.

``python -m bench.gestionnaire [INDIVIDUS] [--engine postgresql|mariadb]``. Debian's slapd in a
temporary folder holds the people (a tenth of them with a new name, a twentieth gone); the batch
looks every login up (200 per search) and writes the changes in one transaction. Printed: the run's
time, individus per second, searches made, and the time of one search per individu (eCandidat's way)
for comparison, measured on a sample.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


def main(argv: list[str]) -> None:
    from bench import engines

    names, argv = engines.engines_from_argv(argv)
    count = int(argv[0]) if argv else 10_000
    for name in names:
        run_engine(name, count)


def run_engine(name: str, count: int) -> None:
    import json
    import os
    import shutil

    from dev.slapd import PEOPLE, READER, LdapServer

    from bench import engines
    from ecandidat_batches.hooks.ldap import EcandidatLdapHook
    from ecandidat_batches.jobs import maj_gestionnaire

    base = Path(tempfile.mkdtemp(prefix="ecbldap-", dir="/tmp"))
    engine = engines.start(name, base / "db")
    directory = LdapServer(base / "ldap").start()
    try:
        logins = [f"agent{i:05d}" for i in range(count)]
        directory.add_people(
            (login, f"Agent {i}" + (" bis" if i % 10 == 0 else ""), f"{login}@univ.fr")
            for i, login in enumerate(logins)
            if i % 20 != 7
        )
        conn = engine.create()
        cur = conn.cursor()
        for i in range(0, count, 1000):
            cur.executemany(
                "INSERT INTO individu (login_ind, libelle_ind, mail_ind, tes_ind) VALUES (%s, %s, %s, TRUE)",
                [
                    (login, f"Agent {i + k}", f"{login}@univ.fr")
                    for k, login in enumerate(logins[i : i + 1000])
                ],
            )
        conn.commit()
        os.environ["AIRFLOW_CONN_ECANDIDAT_LDAP"] = json.dumps(
            {"conn_type": "generic", "host": directory.url, "login": READER[0], "password": READER[1],
             "extra": {"people": PEOPLE}}
        )  # fmt: skip
        hook = EcandidatLdapHook()
        started = time.perf_counter()
        summary = maj_gestionnaire.run(conn, hook, code="BATCH_MAJ_GESTIONNAIRE")
        elapsed = time.perf_counter() - started
        sample = logins[:500]
        with hook.get_conn() as ldap:  # eCandidat's way: one search per individu, on one connection
            started = time.perf_counter()
            for login in sample:
                ldap.search(PEOPLE, f"(uid={login})", attributes=["displayName", "mail"])
            one_by_one = (time.perf_counter() - started) / len(sample) * count
        conn.close()
        c = summary.compteurs
        print(f"\n== BATCH_MAJ_GESTIONNAIRE, {name}: {count} individus")
        print(f"   run {elapsed:6.2f} s   {count / elapsed:,.0f} individus/s   {c['mis_a_jour']} updated, "
              f"{c['desactives']} deactivated   ({-(-count // 200)} searches)")  # fmt: skip
        slower = one_by_one / elapsed
        print(f"   one search per individu (sampled): about {one_by_one:6.1f} s, {slower:.0f}x slower")
    finally:
        directory.stop()
        engine.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
