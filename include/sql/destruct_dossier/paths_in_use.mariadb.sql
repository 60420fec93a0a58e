-- The paths used twice, then the fichier rows that use them, each in one pass over fichier (joined as
-- a derived table, the grouped paths were compared with every fichier row, and MariaDB 10.11 failed on
-- its internal table once there were a few thousand). What tmp_destruct_chemin is for:
-- paths_in_use.postgresql.sql. The columns as fichier has them (its collation compares the paths);
-- the paths are indexed by their first 250 characters (InnoDB's key limit), the comparison then reads
-- the whole path. Pair: paths_in_use.postgresql.sql.
DROP TEMPORARY TABLE IF EXISTS tmp_destruct_double;

CREATE TEMPORARY TABLE tmp_destruct_double (KEY (file_fichier (250)))
SELECT a.file_fichier
FROM (
    SELECT file_fichier FROM fichier
    UNION ALL
    SELECT file_fichier FROM fichier_fiabilisation
) AS a
GROUP BY a.file_fichier
HAVING count(*) > 1;

CREATE TEMPORARY TABLE tmp_destruct_chemin (PRIMARY KEY (id_fichier), KEY (file_fichier (250)))
SELECT STRAIGHT_JOIN f.id_fichier, f.file_fichier
FROM fichier AS f INNER JOIN tmp_destruct_double AS d ON f.file_fichier = d.file_fichier;

DROP TEMPORARY TABLE tmp_destruct_double;
