-- Out of service in eCandidat's own scheduler: Airflow runs this batch now.
UPDATE batch SET tes_batch = FALSE WHERE cod_batch = %(cod_batch)s AND tes_batch
