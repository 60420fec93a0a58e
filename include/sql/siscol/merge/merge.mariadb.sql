-- Upsert only: changed rows updated (compared byte for byte: a case change in a label is a change,
-- which eCandidat's case-insensitive collation would hide), new rows inserted, nothing deleted.
UPDATE {table} AS t
INNER JOIN tmp_siscol_staging AS s ON {key_match}
SET {set_staged}
WHERE {changed_staged};

INSERT INTO {table} ({columns})
SELECT {staged_columns} FROM tmp_siscol_staging AS s
WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {key_match});
