"""BATCH_CALCUL_RANG_LC ("Calcul du rang réel des avis liste complémentaire").

For each formation on the complementary list (in service, of the configured SI), the latest decision
of each candidature of the active campaign that is not cancelled, when it is a validated LC decision
with a rank, gets its real rank 1..n by rank then id (``list_comp_rang_reel_typ_dec_cand``); only the
ranks that change are written, with their candidature's ``user_mod_cand = 'autoListComp'`` and
``dat_mod_cand``. Set-based, for every formation at once: the decisions ranked once (a window
function) into a temporary table, which the report and one UPDATE read; one transaction: a run killed
half way changed nothing, and the next run does all. No active campaign is a normal, reported outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection, Cursor
from ecandidat_batches.db.dialect import POSTGRESQL, dialect_of
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job
from ecandidat_batches.summary import Summary


def rerank(cur: Cursor, params: dict[str, object]) -> tuple[list[tuple[str, int, int]], int]:
    """Rank the lists of the formations in ``tmp_lc_formation`` (again) and write the ranks that change.

    Returns, per formation, its code, its ranked decisions and its changed ranks, then the changed
    ranks written. (BATCH_DESIST_AUTO ranks with the same statement and writes with the same update.)
    """
    sqlfiles.execute(cur, "calcul_rang_lc/drop_ranked.sql")
    sqlfiles.execute(cur, "calcul_rang_lc/ranked.sql", params)  # ranked once, read twice below
    per_formation = [
        (str(f), int(n), int(c)) for f, n, c in sqlfiles.execute(cur, "calcul_rang_lc/per_formation.sql")
    ]
    changes = sum(r[2] for r in per_formation)
    updated = sqlfiles.execute(cur, "calcul_rang_lc/update.sql", params)
    if dialect_of(cur) == POSTGRESQL:  # MariaDB counts both tables' rows together
        changes = int(updated.fetchone()[0])
    return per_formation, changes


def run(
    conn: Connection,
    *,
    code: str,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Recompute the real ranks of the complementary lists; return the summary."""
    summary = Summary(code, clock, dry_run=dry_run)
    now = clock()
    typ = settings.siscol_type()
    with Db(conn, dry_run=dry_run) as db, db.transaction() as cur:
        row = sqlfiles.execute(
            cur, "campagne/active.sql", {"today": now.date(), "typ_siscol": typ}
        ).fetchone()
        if row is None:
            summary.add("Aucune campagne active : aucun rang à recalculer")
            summary.count("decisions", 0)
            summary.count("rangs_modifies", 0)
            return summary
        params = {"id_camp": row[0], "typ_siscol": typ, "now": wall_clock(now)}
        sqlfiles.execute(cur, "candidature/drop_temporary.sql")  # an earlier run's, on this connection
        (formations,) = sqlfiles.execute(cur, "calcul_rang_lc/formations.sql", params).fetchone()
        summary.add(f"Lancement batch de recalcul des rangs LC pour {formations} formation(s)")
        per_formation, changes = rerank(cur, params)
        decisions = sum(int(r[1]) for r in per_formation)
        for cod_form, count, changed in per_formation:
            summary.add(
                f"Batch calcul rang : formation '{cod_form}', {count} décision(s) à recalculer, "
                f"{changed} rang(s) modifié(s)"
            )
    summary.add(
        f"Fin batch de recalcul des rangs LC, recalcul terminé pour {decisions} décision(s), "
        f"{changes} rang(s) modifié(s)"
    )
    summary.count("formations", int(formations))
    summary.count("decisions", decisions)
    summary.count("rangs_modifies", changes)
    return summary


JOB = Job(
    run=run,
    sql=(
        "calcul_rang_lc/drop_ranked.sql",
        "calcul_rang_lc/formations.sql",
        "calcul_rang_lc/per_formation.sql",
        "calcul_rang_lc/ranked.sql",
        "calcul_rang_lc/update.sql",
        "campagne/active.sql",
        "candidature/drop_temporary.sql",
    ),
    resources=("conn",),
)
