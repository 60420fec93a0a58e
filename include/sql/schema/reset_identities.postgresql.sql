-- After rows inserted with explicit ids (the nomenclature's i18n, the demo's accounts), move every
-- identity column's sequence past the largest id, so that the next rows the application inserts get
-- free ids. MariaDB's AUTO_INCREMENT follows by itself. Pair of this file: reset_identities.mariadb.sql.
DO $$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT c.table_name, c.column_name
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
    LOOP
        EXECUTE 'SELECT setval(pg_get_serial_sequence(' || quote_literal(quote_ident(col.table_name)) || ', '
            || quote_literal(col.column_name) || '), coalesce(max(' || quote_ident(col.column_name)
            || '), 0) + 1, false) FROM ' || quote_ident(col.table_name);
    END LOOP;
END
$$;
