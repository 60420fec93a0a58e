-- A table of code pairs: the pairs it lacks are inserted; nothing else changes.
WITH src AS (
    SELECT DISTINCT {columns} FROM tmp_siscol_staging
),

merged AS (
    INSERT INTO {table} AS t ({columns})
    SELECT {columns} FROM src
    ON CONFLICT ({key}) DO NOTHING
    RETURNING 1 AS inserted
)

SELECT
    (SELECT count(*) FROM src) AS staged,
    count(*) AS inserted,
    0 AS updated
FROM merged;
