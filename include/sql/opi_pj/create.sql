-- The PJ OPI of one OPI just passed in Apogée (eCandidat's OpiController.deversePjOpi, executed for
-- each), for BATCH_ASYNC_OPI_PJ to send under Apogée's OPI code and individual: the candidature's
-- validated pieces in service that carry an Apogée code and a file; and, as eCandidat's
-- getPjCandFromList, a common piece (not unique) the candidature has no file for, from the candidate's
-- latest such file on a dematerialised candidature. A piece already there (recorded by eCandidat, or
-- by an earlier run) is left as it is (%(existing)s is the OPI code again: PostgreSQL types each
-- parameter once).
INSERT INTO pj_opi (cod_opi, cod_apo_pj, cod_ind_opi, id_candidat, id_fichier)
SELECT
    %(cod_opi)s,
    pieces.cod_apo_pj,
    %(cod_ind_opi)s,
    pieces.id_candidat,
    min(pieces.id_fichier)
FROM (
    SELECT
        pj.cod_apo_pj,
        c.id_candidat,
        pc.id_fichier,
        pc.cod_typ_statut_piece
    FROM candidature AS c
    INNER JOIN formation AS f ON c.id_form = f.id_form
    INNER JOIN pj_cand AS pc ON c.id_cand = pc.id_cand
    INNER JOIN piece_justif AS pj ON pc.id_pj = pj.id_pj
    WHERE c.id_cand = %(id_cand)s AND f.tem_demat_form AND pj.tes_pj AND pj.cod_apo_pj IS NOT NULL
    UNION ALL
    SELECT
        pj.cod_apo_pj,
        c.id_candidat,
        latest.id_fichier,
        latest.cod_typ_statut_piece
    FROM candidature AS c
    INNER JOIN formation AS f ON c.id_form = f.id_form
    INNER JOIN commission AS co ON f.id_comm = co.id_comm
    INNER JOIN piece_justif AS pj
        ON
            pj.tem_commun_pj AND NOT pj.tem_unicite_pj AND pj.tes_pj AND pj.cod_apo_pj IS NOT NULL
            AND (pj.id_ctr_cand IS NULL OR pj.id_ctr_cand = co.id_ctr_cand)
    INNER JOIN (
        SELECT
            other.id_pj,
            oc.id_candidat,
            other.id_fichier,
            other.cod_typ_statut_piece,
            row_number() OVER (PARTITION BY other.id_pj ORDER BY other.dat_mod_pj_cand DESC) AS n
        FROM pj_cand AS other
        INNER JOIN candidature AS oc ON other.id_cand = oc.id_cand
        INNER JOIN formation AS ofo ON oc.id_form = ofo.id_form
        INNER JOIN candidature AS mine ON oc.id_candidat = mine.id_candidat
        WHERE mine.id_cand = %(id_cand)s AND ofo.tem_demat_form
    ) AS latest ON pj.id_pj = latest.id_pj AND c.id_candidat = latest.id_candidat AND latest.n = 1
    WHERE
        c.id_cand = %(id_cand)s
        AND f.tem_demat_form
        AND NOT EXISTS (SELECT 1 FROM pj_cand AS own WHERE own.id_cand = c.id_cand AND own.id_pj = pj.id_pj)
) AS pieces
WHERE
    pieces.id_fichier IS NOT NULL
    AND pieces.cod_typ_statut_piece = 'VA'
    AND NOT EXISTS (SELECT 1 FROM pj_opi AS p WHERE p.cod_opi = %(existing)s AND p.cod_apo_pj = pieces.cod_apo_pj)
GROUP BY pieces.cod_apo_pj, pieces.id_candidat
