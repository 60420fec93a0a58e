-- Out of service in eCandidat's own scheduler: Airflow runs these batches now.
-- Pair: hand_over.mariadb.sql.
UPDATE batch SET tes_batch = FALSE WHERE cod_batch = ANY(%(codes)s) AND tes_batch
