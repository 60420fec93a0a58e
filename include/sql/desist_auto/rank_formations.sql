-- The formations whose complementary list lost its head to a promotion: their real ranks are
-- recomputed (eCandidat's calculRangReel after candidatFirstCandidatureListComp), read by
-- calcul_rang_lc/ranked.sql.
CREATE TEMPORARY TABLE tmp_lc_formation AS
SELECT DISTINCT p.id_form
FROM tmp_promotion AS p;
