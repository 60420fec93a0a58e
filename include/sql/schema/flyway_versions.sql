-- eCandidat's migrations that Flyway applied (its history table, schema_version): their versions.
SELECT version, description FROM schema_version
WHERE success AND version IS NOT NULL
