-- A previous run's ranked decisions on this connection (the temporary schema only).
DROP TABLE IF EXISTS pg_temp.tmp_rang_lc;
