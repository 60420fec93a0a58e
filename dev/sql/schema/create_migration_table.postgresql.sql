-- This package's migration history, only in the databases it creates. Pair: create_migration_table.mariadb.sql.
CREATE TABLE IF NOT EXISTS ecandidat_batches_migration (
    version    integer PRIMARY KEY,
    name       varchar(200) NOT NULL,
    checksum   char(64) NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
