-- The next page of files recorded for deletion (after %(after)s, in id order): this run's chunks'
-- records, and at the start those an earlier run left. `shared` is true when a remaining fichier row
-- still uses the stored file (then only the record goes). eCandidat does not index
-- fichier.file_fichier: the rows whose path was used twice when the run started are in
-- tmp_destruct_chemin (paths_in_use.sql), looked up by path, then in fichier by primary key; rows
-- added since (ids above %(last_fichier)s, read once per page through the primary key) are compared
-- by path; and a record of such a row compares its path with every fichier row (rows the application
-- adds while a campaign archived a year ago is destroyed, that is none). The page is taken first, then
-- each of its records looks (LATERAL ... LIMIT 1: index probes per record, where a hashed subplan read
-- all of fichier for each page once tmp_destruct_chemin held a few thousand rows): a page's cost does
-- not depend on the size of fichier. Pair: pending_files.mariadb.sql.
SELECT
    p.id_fichier_fiab,
    p.file_fichier,
    (
        s.used IS NOT NULL
        OR p.file_fichier IN (SELECT n.file_fichier FROM fichier AS n WHERE n.id_fichier > %(last_fichier)s)
    ) AS shared,
    p.typ_fichier,
    p.typ_stockage_fichier
FROM (
    SELECT fi.id_fichier_fiab, fi.id_fichier, fi.file_fichier, fi.typ_fichier, fi.typ_stockage_fichier
    FROM fichier_fiabilisation AS fi
    WHERE fi.id_fichier_fiab > %(after)s
    ORDER BY fi.id_fichier_fiab
    LIMIT %(page)s
) AS p
LEFT JOIN LATERAL (
    SELECT 1 AS used
    FROM tmp_destruct_chemin AS c
    INNER JOIN fichier AS f ON c.id_fichier = f.id_fichier
    WHERE c.file_fichier = p.file_fichier
    UNION ALL
    SELECT 1 AS used
    FROM fichier AS o
    WHERE p.id_fichier > %(last_fichier)s AND o.file_fichier = p.file_fichier
    LIMIT 1
) AS s ON TRUE
ORDER BY p.id_fichier_fiab
