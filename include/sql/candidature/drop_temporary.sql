-- A previous run's temporary tables on this connection (temporary tables only): the candidatures
-- awaiting an answer, the withdrawn, the promotions, the complementary lists' formations and ranks.
DROP TEMPORARY TABLE IF EXISTS tmp_attente_confirm, tmp_desiste, tmp_promotion, tmp_lc_formation, tmp_rang_lc;
