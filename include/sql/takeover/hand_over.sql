-- Out of service in eCandidat's own scheduler: Airflow runs these batches now.
UPDATE batch SET tes_batch = FALSE WHERE cod_batch IN %(codes)s AND tes_batch
