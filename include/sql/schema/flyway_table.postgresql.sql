-- Whether eCandidat's Flyway history (schema_version) is here and readable by this account.
-- Pair: flyway_table.mariadb.sql.
SELECT count(*) FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'schema_version'
