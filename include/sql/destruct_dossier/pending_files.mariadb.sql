-- The next page of files recorded for deletion (after %(after)s, in id order): this run's chunks'
-- records, and at the start those an earlier run left. `shared` is true when a remaining fichier row
-- still uses the stored file (then only the record goes). eCandidat does not index
-- fichier.file_fichier: the rows whose path was used twice when the run started are in
-- tmp_destruct_chemin (paths_in_use.sql), looked up by path, then in fichier by primary key; rows
-- added since (ids above %(last_fichier)s, a range of the primary key) are compared by path; and a
-- record of such a row compares its path with every fichier row (rows the application adds while a
-- campaign archived a year ago is destroyed, that is none). MariaDB takes the page, then runs each
-- test for its records (a probe of the paths' index, then of fichier's primary key): a page's cost
-- does not depend on the size of fichier. Pair: pending_files.postgresql.sql.
SELECT
    fi.id_fichier_fiab,
    fi.file_fichier,
    (
        EXISTS (
            SELECT 1
            FROM tmp_destruct_chemin AS c
            INNER JOIN fichier AS f ON c.id_fichier = f.id_fichier
            WHERE c.file_fichier = fi.file_fichier
        )
        OR fi.file_fichier IN (SELECT n.file_fichier FROM fichier AS n WHERE n.id_fichier > %(last_fichier)s)
        OR (
            fi.id_fichier > %(last_fichier)s
            AND EXISTS (SELECT 1 FROM fichier AS o WHERE o.file_fichier = fi.file_fichier)
        )
    ) AS shared,
    fi.typ_fichier,
    fi.typ_stockage_fichier
FROM fichier_fiabilisation AS fi
WHERE fi.id_fichier_fiab > %(after)s
ORDER BY fi.id_fichier_fiab
LIMIT %(page)s
