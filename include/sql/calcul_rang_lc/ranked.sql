-- Per formation of tmp_lc_formation (on the complementary list): the latest decision of
-- each candidature of the active campaign that is not cancelled, when it is a validated LC decision
-- with a rank, with its real rank 1..n by rank then id (eCandidat's findTypDecLc and calculRangReel).
-- Kept in a temporary table (gone with the session) that the report and the update read.
CREATE TEMPORARY TABLE tmp_rang_lc AS
WITH latest AS (
    SELECT max(tdc.id_type_dec_cand) AS id_type_dec_cand
    FROM type_decision_candidature AS tdc
    INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
    INNER JOIN tmp_lc_formation AS lf ON c.id_form = lf.id_form
    INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
    INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
    WHERE m.id_camp = %(id_camp)s AND c.dat_annul_cand IS NULL
    GROUP BY tdc.id_cand
)

SELECT
    tdc.id_type_dec_cand,
    tdc.id_cand,
    c.id_form,
    tdc.list_comp_rang_reel_typ_dec_cand AS old_rank,
    row_number() OVER (
        PARTITION BY c.id_form
        ORDER BY tdc.list_comp_rang_typ_dec_cand, tdc.id_type_dec_cand
    ) AS new_rank
FROM latest
INNER JOIN type_decision_candidature AS tdc ON latest.id_type_dec_cand = tdc.id_type_dec_cand
INNER JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
WHERE
    tdc.tem_valid_type_dec_cand AND tdc.list_comp_rang_typ_dec_cand IS NOT NULL
    AND td.cod_typ_avis = 'LC';
