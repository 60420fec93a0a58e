-- tmp_destruct_chemin holds, once per run, the fichier rows whose path another fichier row or a
-- pending fichier_fiabilisation record also uses: eCandidat does not index fichier.file_fichier, and
-- pending_files.sql finds through this table (its hash index, then fichier's primary key) whether a
-- removed file's path is still in use, instead of reading fichier for each chunk. Rows added while
-- the run goes (ids above the one read before this, last_fichier.sql) are looked at in fichier.
-- A session's temporary table (work_tables.sql). Pair: paths_in_use.mariadb.sql.
CREATE TEMPORARY TABLE tmp_destruct_chemin AS
SELECT f.id_fichier, f.file_fichier
FROM fichier AS f
INNER JOIN (
    SELECT a.file_fichier
    FROM (
        SELECT file_fichier FROM fichier
        UNION ALL
        SELECT file_fichier FROM fichier_fiabilisation
    ) AS a
    GROUP BY a.file_fichier
    HAVING count(*) > 1
) AS d ON f.file_fichier = d.file_fichier;

-- a hash index: a path of up to 1,000 characters may not fit in a B-tree entry
CREATE INDEX ON tmp_destruct_chemin USING hash (file_fichier);

ANALYZE pg_temp.tmp_destruct_chemin;
