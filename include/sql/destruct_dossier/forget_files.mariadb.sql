-- The records of files removed from the store. Pair: forget_files.postgresql.sql.
DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab IN %(ids)s
