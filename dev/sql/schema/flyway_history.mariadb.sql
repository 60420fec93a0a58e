-- Whether eCandidat's Flyway history (schema_version) is here: then this is a real eCandidat's database.
-- Pair: flyway_history.postgresql.sql.
SELECT count(*) FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_name = 'schema_version'
