-- This package's migration history, only in the databases it creates. Pair: create_migration_table.postgresql.sql.
CREATE TABLE IF NOT EXISTS ecandidat_batches_migration (
    version    int NOT NULL PRIMARY KEY,
    name       varchar(200) NOT NULL,
    checksum   char(64) NOT NULL,
    applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
