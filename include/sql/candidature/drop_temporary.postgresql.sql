-- A previous run's temporary tables on this connection (the temporary schema only).
DROP TABLE IF EXISTS pg_temp.tmp_attente_confirm, pg_temp.tmp_promotion;
