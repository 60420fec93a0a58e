-- Statistics for the chunk just loaded (PostgreSQL plans a temporary table without any: a full scan of
-- every candidature per chunk), so that candidatures.sql reads by index. PostgreSQL only: MariaDB
-- plans well without, and its ANALYZE TABLE would commit the transaction (a dry run's).
ANALYZE pg_temp.tmp_mail_ids;
