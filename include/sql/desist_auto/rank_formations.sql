-- The formations on the complementary list (with a decision type to promote to) that this run's
-- withdrawals (tmp_desiste) took candidates from: calcul_rang_lc/ranked.sql ranks their lists
-- (eCandidat's findTypDecLc order), the promotions take their heads, then their real ranks are
-- recomputed.
CREATE TEMPORARY TABLE tmp_lc_formation AS
SELECT DISTINCT d.id_form
FROM tmp_desiste AS d
INNER JOIN formation AS f ON d.id_form = f.id_form
WHERE f.tem_list_comp_form AND f.id_typ_dec_fav_list_comp IS NOT NULL;
