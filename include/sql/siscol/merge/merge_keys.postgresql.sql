-- A table of code pairs: the pairs it lacks are inserted; nothing else changes (the staging table
-- holds each pair once: dedupe.sql; the pairs already there are taken out first, as in merge.sql).
-- Counts: already there, inserted.
DELETE FROM tmp_siscol_staging AS s
USING {table} AS t
WHERE {key_match};

INSERT INTO {table} ({columns})
SELECT {columns} FROM tmp_siscol_staging;
