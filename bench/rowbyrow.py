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


def archivage(conn: Any, _store: Path, sample: int) -> int:
    conn.autocommit = True
    ids = [r[0] for r in conn.execute(
        "SELECT c.id_cand FROM candidature c JOIN candidat ca USING (id_candidat) JOIN compte_minima m"
        " USING (id_cpt_min) JOIN campagne p USING (id_camp) WHERE p.cod_camp = 'BCUR' ORDER BY 1 LIMIT %s",
        (sample or None,),
    )]  # fmt: skip
    sets = ", ".join(f"{d} = %s" for d in DATES)
    for id_cand in ids:
        id_form = conn.execute("SELECT id_form FROM candidature WHERE id_cand = %s", (id_cand,)).fetchone()[0]
        dates = conn.execute(
            f"SELECT {', '.join(DATES)} FROM formation WHERE id_form = %s", (id_form,)
        ).fetchone()
        conn.execute(f"UPDATE candidature SET {sets} WHERE id_cand = %s", (*dates, id_cand))
    return len(ids)


def nettoyage_cpt(conn: Any, _store: Path, sample: int) -> int:
    conn.autocommit = True
    rows = conn.execute(
        "SELECT id_cpt_min, num_dossier_opi_cpt_min FROM compte_minima"
        " WHERE NOT tem_valid_cpt_min AND dat_fin_valid_cpt_min < localtimestamp ORDER BY 1 LIMIT %s",
        (sample or None,),
    ).fetchall()
    deleted = 0
    for id_cpt_min, dossier in rows:
        if conn.execute("SELECT 1 FROM candidat WHERE id_cpt_min = %s", (id_cpt_min,)).fetchone():
            continue
        conn.execute("DELETE FROM histo_num_dossier WHERE num_dossier = %s", (dossier,))
        conn.execute("DELETE FROM compte_minima WHERE id_cpt_min = %s", (id_cpt_min,))
        deleted += 1
    return deleted


def destruct_dossier(conn: Any, store: Path, sample: int) -> int:
    conn.autocommit = True
    accounts = [r[0] for r in conn.execute(
        "SELECT m.id_cpt_min FROM compte_minima m JOIN campagne c USING (id_camp) WHERE c.cod_camp = 'BOLD'"
        " ORDER BY 1 LIMIT %s", (sample or None,),
    )]  # fmt: skip
    rows = 0
    for id_cpt_min in accounts:
        cand = conn.execute(
            "SELECT id_candidat, id_adr FROM candidat WHERE id_cpt_min = %s", (id_cpt_min,)
        ).fetchone()
        if cand:
            id_candidat, id_adr = cand
            for (id_cand,) in conn.execute(
                "SELECT id_cand FROM candidature WHERE id_candidat = %s", (id_candidat,)
            ).fetchall():
                for id_pj, id_fichier in conn.execute(
                    "SELECT id_pj, id_fichier FROM pj_cand WHERE id_cand = %s", (id_cand,)
                ).fetchall():
                    conn.execute("DELETE FROM pj_cand WHERE id_pj = %s AND id_cand = %s", (id_pj, id_cand))
                    f = conn.execute("SELECT * FROM fichier WHERE id_fichier = %s", (id_fichier,)).fetchone()
                    fiab = conn.execute(
                        "INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier,"
                        " typ_fichier, typ_stockage_fichier, dat_cre_fichier, id_pj, id_cand)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id_fichier_fiab",
                        (f[0], f[1], f[2], f[3], f[4], f[5], f[7], id_pj, id_cand),
                    ).fetchone()[0]
                    conn.execute("DELETE FROM fichier WHERE id_fichier = %s", (id_fichier,))
                    (store / f[2]).unlink(missing_ok=True)
                    conn.execute("DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab = %s", (fiab,))
                    rows += 2
                for table in CANDIDATURE_CHILDREN:
                    rows += conn.execute(f"DELETE FROM {table} WHERE id_cand = %s", (id_cand,)).rowcount
                rows += conn.execute("DELETE FROM candidature WHERE id_cand = %s", (id_cand,)).rowcount
            for table in CANDIDAT_CHILDREN:
                rows += conn.execute(f"DELETE FROM {table} WHERE id_candidat = %s", (id_candidat,)).rowcount
            rows += conn.execute("DELETE FROM candidat WHERE id_candidat = %s", (id_candidat,)).rowcount
            rows += conn.execute("DELETE FROM adresse WHERE id_adr = %s", (id_adr,)).rowcount
        rows += conn.execute("DELETE FROM compte_minima WHERE id_cpt_min = %s", (id_cpt_min,)).rowcount
    return rows
