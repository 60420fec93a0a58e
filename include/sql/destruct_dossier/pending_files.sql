-- Files recorded for deletion by an earlier run and not yet removed from the store, by chunk; `shared` is true when a
-- remaining fichier row still uses the same stored file (then only the record goes).
SELECT fi.id_fichier_fiab, fi.file_fichier,
       EXISTS (SELECT 1 FROM fichier f WHERE f.file_fichier = fi.file_fichier) AS shared,
       fi.typ_fichier, fi.typ_stockage_fichier
FROM fichier_fiabilisation fi
WHERE fi.id_fichier_fiab > %(after)s
ORDER BY fi.id_fichier_fiab
LIMIT %(chunk)s
