-- The records of files removed from the store. Pair: forget_files.mariadb.sql.
DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab = ANY(%(ids)s)
