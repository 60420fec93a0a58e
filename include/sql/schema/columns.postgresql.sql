-- The tables and columns of the database the connection opens (its current schema). Pair: columns.mariadb.sql.
SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
