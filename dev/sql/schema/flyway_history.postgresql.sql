-- Whether eCandidat's Flyway history (schema_version) is here: then this is a real eCandidat's database.
-- Pair: flyway_history.mariadb.sql.
SELECT count(*) FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'schema_version'
