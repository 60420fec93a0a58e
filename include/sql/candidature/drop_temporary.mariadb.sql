-- A previous run's temporary tables on this connection (temporary tables only).
DROP TEMPORARY TABLE IF EXISTS tmp_attente_confirm, tmp_promotion;
