-- The formations on the complementary list (with a decision type to promote to) that this run's
-- withdrawals took candidates from: calcul_rang_lc/ranked.sql ranks their lists (eCandidat's
-- findTypDecLc order), the promotions take their heads, then their real ranks are recomputed.
CREATE TEMPORARY TABLE tmp_lc_formation AS
SELECT DISTINCT a.id_form
FROM tmp_attente_confirm AS a
INNER JOIN candidature AS c ON a.id_cand = c.id_cand
INNER JOIN formation AS f ON a.id_form = f.id_form
WHERE
    c.user_accept_cand = 'autoDesist' AND c.dat_accept_cand = %(now)s
    AND f.tem_list_comp_form AND f.id_typ_dec_fav_list_comp IS NOT NULL;
