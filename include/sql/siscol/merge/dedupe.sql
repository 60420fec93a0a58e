-- PostgreSQL: a key loaded twice keeps its last row, as in eCandidat (JPA saves them in order), before
-- the references are checked (MariaDB's staging table does the same as it loads: ON DUPLICATE KEY).
-- One aggregate finds the keys loaded more than once (usually none), where a self-join of the
-- staging table sorted or hashed it twice.
DELETE FROM tmp_siscol_staging
WHERE staged_order IN (
    SELECT s.staged_order
    FROM tmp_siscol_staging AS s
    INNER JOIN (
        SELECT
            {key},
            max(staged_order) AS last_order
        FROM tmp_siscol_staging
        GROUP BY {key}
        HAVING count(*) > 1
    ) AS t ON {key_match}
    WHERE s.staged_order < t.last_order
);
