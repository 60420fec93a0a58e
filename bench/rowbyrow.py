"""eCandidat's way of doing the lifecycle batches, for comparison: one statement per row.

eCandidat's JPA repositories load each entity and save or delete it one by one, in its own
transaction; these functions issue the same statements, row by row, on the first ``sample`` rows
(0 = all). They are only for bench/lifecycle.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CANDIDATURE_CHILDREN = (
    "opi", "formulaire_cand", "question_cand", "post_it", "formulaire_candidature",
    "type_decision_candidature", "tag_candidature",
)  # fmt: skip
CANDIDAT_CHILDREN = (
    "candidat_bac_ou_equ", "candidat_cursus_post_bac", "candidat_cursus_interne", "candidat_cursus_pro",
    "candidat_stage", "formulaire_candidat", "pj_candidat", "pj_opi",
)  # fmt: skip
DATES = (
    "dat_analyse_form", "dat_confirm_form", "delai_confirm_form", "dat_deb_depot_form", "dat_fin_depot_form",
    "dat_retour_form", "dat_publi_form", "dat_jury_form",
)  # fmt: skip


def _q(conn: Any, sql: str, params: Any = None) -> Any:
    """One statement, autocommitted, on either driver: what each ORM call costs."""
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur


def _limit(sample: int) -> int:
    return sample or 2**31 - 1


def archivage(conn: Any, _store: Path, sample: int) -> int:
    _autocommit(conn)
    ids = [r[0] for r in _q(conn,
        "SELECT c.id_cand FROM candidature c JOIN candidat ca USING (id_candidat) JOIN compte_minima m"
        " USING (id_cpt_min) WHERE m.id_camp = 2 ORDER BY 1 LIMIT %s", (_limit(sample),),
    ).fetchall()]  # fmt: skip
    sets = ", ".join(f"{d} = %s" for d in DATES)
    for id_cand in ids:
        id_form = _q(conn, "SELECT id_form FROM candidature WHERE id_cand = %s", (id_cand,)).fetchone()[0]
        dates = _q(
            conn, f"SELECT {', '.join(DATES)} FROM formation WHERE id_form = %s", (id_form,)
        ).fetchone()
        _q(conn, f"UPDATE candidature SET {sets} WHERE id_cand = %s", (*dates, id_cand))
    return len(ids)


def nettoyage_cpt(conn: Any, _store: Path, sample: int) -> int:
    _autocommit(conn)
    rows = _q(conn,
        "SELECT id_cpt_min, num_dossier_opi_cpt_min FROM compte_minima"
        " WHERE NOT tem_valid_cpt_min AND dat_fin_valid_cpt_min < %s ORDER BY 1 LIMIT %s",
        (_now(), _limit(sample)),
    ).fetchall()  # fmt: skip
    deleted = 0
    for id_cpt_min, dossier in rows:
        if _q(conn, "SELECT 1 FROM candidat WHERE id_cpt_min = %s", (id_cpt_min,)).fetchone():
            continue
        _q(conn, "DELETE FROM histo_num_dossier WHERE num_dossier = %s", (dossier,))
        _q(conn, "DELETE FROM compte_minima WHERE id_cpt_min = %s", (id_cpt_min,))
        deleted += 1
    return deleted


FICHIER = (
    "id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, auteur_fichier"
)


def destruct_dossier(conn: Any, store: Path, sample: int) -> int:
    _autocommit(conn)
    accounts = [r[0] for r in _q(conn,
        "SELECT id_cpt_min FROM compte_minima WHERE id_camp = 1 ORDER BY 1 LIMIT %s", (_limit(sample),),
    ).fetchall()]  # fmt: skip
    rows = 0
    for id_cpt_min in accounts:
        cand = _q(
            conn, "SELECT id_candidat, id_adr FROM candidat WHERE id_cpt_min = %s", (id_cpt_min,)
        ).fetchone()
        if cand:
            id_candidat, id_adr = cand
            for (id_cand,) in _q(
                conn, "SELECT id_cand FROM candidature WHERE id_candidat = %s", (id_candidat,)
            ).fetchall():
                for id_pj, id_fichier in _q(conn,
                    "SELECT id_pj, id_fichier FROM pj_cand WHERE id_cand = %s", (id_cand,)
                ).fetchall():  # fmt: skip
                    _q(conn, "DELETE FROM pj_cand WHERE id_pj = %s AND id_cand = %s", (id_pj, id_cand))
                    f = _q(conn, f"SELECT {FICHIER}, dat_cre_fichier FROM fichier WHERE id_fichier = %s",
                           (id_fichier,)).fetchone()  # fmt: skip
                    fiab = _q(conn,
                        f"INSERT INTO fichier_fiabilisation ({FICHIER}, dat_cre_fichier, id_pj, id_cand,"
                        " dat_cre_fichier_fiab) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                        " RETURNING id_fichier_fiab",
                        (*f, id_pj, id_cand, _now()),
                    ).fetchone()[0]  # fmt: skip
                    _q(conn, "DELETE FROM fichier WHERE id_fichier = %s", (id_fichier,))
                    (store / f[2]).unlink(missing_ok=True)
                    _q(conn, "DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab = %s", (fiab,))
                    rows += 2
                for table in CANDIDATURE_CHILDREN:
                    rows += _q(conn, f"DELETE FROM {table} WHERE id_cand = %s", (id_cand,)).rowcount
                rows += _q(conn, "DELETE FROM candidature WHERE id_cand = %s", (id_cand,)).rowcount
            for table in CANDIDAT_CHILDREN:
                rows += _q(conn, f"DELETE FROM {table} WHERE id_candidat = %s", (id_candidat,)).rowcount
            rows += _q(conn, "DELETE FROM candidat WHERE id_candidat = %s", (id_candidat,)).rowcount
            rows += _q(conn, "DELETE FROM adresse WHERE id_adr = %s", (id_adr,)).rowcount
        rows += _q(conn, "DELETE FROM compte_minima WHERE id_cpt_min = %s", (id_cpt_min,)).rowcount
    return rows


def _autocommit(conn: Any) -> None:
    if callable(getattr(conn, "autocommit", None)):  # MySQLdb
        conn.autocommit(True)
    else:
        conn.autocommit = True


def _now() -> Any:
    from ecandidat_batches.clock import paris_now, wall_clock

    return wall_clock(paris_now())
