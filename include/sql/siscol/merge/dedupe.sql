-- PostgreSQL: a key loaded twice keeps its last row, as in eCandidat (JPA saves them in order), before
-- the references are checked (MariaDB's staging table does the same as it loads: ON DUPLICATE KEY).
DELETE FROM tmp_siscol_staging
WHERE EXISTS (
    SELECT 1 FROM tmp_siscol_staging AS d
    WHERE {later_match} AND d.staged_order > tmp_siscol_staging.staged_order
);
