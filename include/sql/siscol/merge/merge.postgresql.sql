-- Upsert only: new rows inserted, changed rows updated, unchanged rows not rewritten, nothing deleted.
-- A key twice in the source: the last row wins, as in eCandidat (JPA saves them in order).
WITH src AS (
    SELECT DISTINCT ON ({key}) {columns}
    FROM tmp_siscol_staging
    ORDER BY {key}, staged_order DESC  -- noqa: AM03
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
