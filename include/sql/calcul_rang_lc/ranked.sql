-- Per formation of tmp_lc_formation (on the complementary list): the latest decision of
-- each candidature of the active campaign that is not cancelled, when it is a validated LC decision
-- with a rank, with its real rank 1..n by rank then id (eCandidat's findTypDecLc and calculRangReel).
-- The latest decision (the highest id) is the LC decision that no later one of its candidature
-- follows: an anti-join on the decisions' index by candidature, from the LC decisions alone (every
-- decision of the campaign grouped by candidature was twice as slow on PostgreSQL).
-- Kept in a temporary table (gone with the session) that the report and the update read.
CREATE TEMPORARY TABLE tmp_rang_lc AS
SELECT
    tdc.id_type_dec_cand,
    tdc.id_cand,
    c.id_form,
    tdc.list_comp_rang_reel_typ_dec_cand AS old_rank,
    row_number() OVER (
        PARTITION BY c.id_form
        ORDER BY tdc.list_comp_rang_typ_dec_cand, tdc.id_type_dec_cand
    ) AS new_rank
FROM type_decision_candidature AS tdc
INNER JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
INNER JOIN tmp_lc_formation AS lf ON c.id_form = lf.id_form
INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
WHERE
    td.cod_typ_avis = 'LC' AND tdc.tem_valid_type_dec_cand AND tdc.list_comp_rang_typ_dec_cand IS NOT NULL
    AND m.id_camp = %(id_camp)s AND c.dat_annul_cand IS NULL
    AND NOT EXISTS (
        SELECT 1
        FROM type_decision_candidature AS later
        WHERE later.id_cand = tdc.id_cand AND later.id_type_dec_cand > tdc.id_type_dec_cand
    );
