-- A previous run's temporary tables on this connection (the temporary schema only): the candidatures
-- awaiting an answer, the promotions, the complementary lists' formations and ranks.
DROP TABLE IF EXISTS pg_temp.tmp_attente_confirm, pg_temp.tmp_promotion, pg_temp.tmp_lc_formation, pg_temp.tmp_rang_lc;
