-- The PJ OPI of one OPI just passed in Apogée (eCandidat's OpiController.deversePjOpi, executed for
-- each), for BATCH_ASYNC_OPI_PJ to send under Apogée's OPI code and individual: each piece in service
-- with an Apogée code, with the candidature's own file; or, as eCandidat's getPjCandFromList, for a
-- common piece (not unique) the candidature has no file for, the candidate's latest such file on a
-- dematerialised candidature; when that file is validated. A piece already there (recorded by
-- eCandidat, or by an earlier run) is left as it is (%(existing)s is the OPI code again: PostgreSQL
-- types each parameter once).
INSERT INTO pj_opi (cod_opi, cod_apo_pj, cod_ind_opi, id_candidat, id_fichier)
SELECT
    %(cod_opi)s,
    pj.cod_apo_pj,
    %(cod_ind_opi)s,
    c.id_candidat,
    min(coalesce(own.id_fichier, latest.id_fichier))
FROM candidature AS c
INNER JOIN formation AS f ON c.id_form = f.id_form
INNER JOIN commission AS co ON f.id_comm = co.id_comm
INNER JOIN piece_justif AS pj ON pj.tes_pj AND pj.cod_apo_pj IS NOT NULL
LEFT JOIN pj_cand AS own ON c.id_cand = own.id_cand AND pj.id_pj = own.id_pj
LEFT JOIN (
    SELECT
        other.id_pj,
        other.id_fichier,
        other.cod_typ_statut_piece,
        row_number() OVER (PARTITION BY other.id_pj ORDER BY other.dat_mod_pj_cand DESC) AS n
    FROM pj_cand AS other
    INNER JOIN candidature AS oc ON other.id_cand = oc.id_cand
    INNER JOIN formation AS ofo ON oc.id_form = ofo.id_form
    INNER JOIN candidature AS mine ON oc.id_candidat = mine.id_candidat
    WHERE mine.id_cand = %(id_cand)s AND ofo.tem_demat_form
) AS latest
    ON
        own.id_pj IS NULL AND pj.id_pj = latest.id_pj AND latest.n = 1
        AND pj.tem_commun_pj AND NOT pj.tem_unicite_pj
        AND (pj.id_ctr_cand IS NULL OR pj.id_ctr_cand = co.id_ctr_cand)
WHERE
    c.id_cand = %(id_cand)s
    AND f.tem_demat_form
    AND coalesce(own.id_fichier, latest.id_fichier) IS NOT NULL
    AND coalesce(own.cod_typ_statut_piece, latest.cod_typ_statut_piece) = 'VA'
    AND NOT EXISTS (SELECT 1 FROM pj_opi AS p WHERE p.cod_opi = %(existing)s AND p.cod_apo_pj = pj.cod_apo_pj)
GROUP BY pj.cod_apo_pj, c.id_candidat
