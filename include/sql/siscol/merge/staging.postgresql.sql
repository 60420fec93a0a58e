-- The step's rows are loaded here first (COPY), then merged in one statement. A temporary table:
-- nothing is added to eCandidat's database; it goes with the transaction.
CREATE TEMPORARY TABLE tmp_siscol_staging (
    LIKE {table} INCLUDING DEFAULTS,
    staged_order bigserial
) ON COMMIT DROP;
