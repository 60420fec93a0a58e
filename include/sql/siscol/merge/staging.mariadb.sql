-- The step's rows are loaded here first, then merged set-based. A temporary table (the batch user
-- needs CREATE TEMPORARY TABLES): nothing is added to eCandidat's database; it goes with the session.
DROP TEMPORARY TABLE IF EXISTS tmp_siscol_staging;
CREATE TEMPORARY TABLE tmp_siscol_staging LIKE {table};
