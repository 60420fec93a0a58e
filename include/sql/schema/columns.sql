-- The tables and columns of the database the connection opens (PostgreSQL: its current schema).
SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE()
