-- Upsert only: new rows inserted, changed rows updated, unchanged rows not rewritten, nothing deleted
-- (the staging table holds each key once: dedupe.sql).
WITH src AS (
    SELECT {columns} FROM tmp_siscol_staging
),

merged AS (
    INSERT INTO {table} AS t ({columns})
    SELECT {columns} FROM src
    ON CONFLICT ({key}) DO UPDATE SET {set_excluded}
    WHERE {changed_excluded}
    RETURNING (t.xmax = 0) AS inserted
)

SELECT
    (SELECT count(*) FROM src) AS staged,
    count(*) FILTER (WHERE merged.inserted) AS inserted,
    count(*) FILTER (WHERE NOT merged.inserted) AS updated
FROM merged;
