-- A table of code pairs: the pairs it lacks are inserted; nothing else changes.
INSERT INTO {table} ({columns})
SELECT {staged_columns} FROM tmp_siscol_staging AS s
WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {key_match});
