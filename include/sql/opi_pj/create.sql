-- The PJ OPI of one OPI just passed in Apogée (eCandidat's OpiController.deversePjOpi, executed for
-- each): the candidature's validated pieces that carry an Apogée code and a file, under Apogée's OPI
-- code and individual, for BATCH_ASYNC_OPI_PJ to send. A piece already there is left as it is
-- (%(existing)s is the OPI code again: PostgreSQL types each parameter once).
INSERT INTO pj_opi (cod_opi, cod_apo_pj, cod_ind_opi, id_candidat, id_fichier)
SELECT
    %(cod_opi)s,
    pj.cod_apo_pj,
    %(cod_ind_opi)s,
    c.id_candidat,
    min(pc.id_fichier)
FROM candidature AS c
INNER JOIN formation AS f ON c.id_form = f.id_form
INNER JOIN pj_cand AS pc ON c.id_cand = pc.id_cand
INNER JOIN piece_justif AS pj ON pc.id_pj = pj.id_pj
WHERE
    c.id_cand = %(id_cand)s
    AND f.tem_demat_form
    AND pj.cod_apo_pj IS NOT NULL
    AND pc.id_fichier IS NOT NULL
    AND pc.cod_typ_statut_piece = 'VA'
    AND NOT EXISTS (
        SELECT 1 FROM pj_opi AS p
        WHERE p.cod_opi = %(existing)s AND p.cod_apo_pj = pj.cod_apo_pj
    )
GROUP BY pj.cod_apo_pj, c.id_candidat
