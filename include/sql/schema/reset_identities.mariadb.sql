-- Nothing to do: MariaDB's AUTO_INCREMENT follows explicit ids by itself (the PostgreSQL variant moves
-- its identity sequences). Pair of this file: reset_identities.postgresql.sql.
DO 0;
