-- Upsert only: changed rows updated, new rows inserted; unchanged rows not rewritten, nothing deleted
-- (the staging table holds each key once: dedupe.sql). Plain statements, as on MariaDB, where one
-- INSERT ... ON CONFLICT probed the key's index row by row before each insertion (speculative
-- insertion). The rows already there are taken out of the staging table before the insertion, so
-- that it inserts without reading the table it fills (an anti-join on a table planned as empty
-- rescanned it for each row, its own new rows included). Counts: updated, already there, inserted.
UPDATE {table} AS t
SET {set_from}
FROM tmp_siscol_staging AS s
WHERE {key_match} AND {changed_staged_postgresql};

DELETE FROM tmp_siscol_staging AS s
USING {table} AS t
WHERE {key_match};

INSERT INTO {table} ({columns})
SELECT {columns} FROM tmp_siscol_staging;
