-- A previous run's ranked decisions on this connection (temporary tables only).
DROP TEMPORARY TABLE IF EXISTS tmp_rang_lc;
