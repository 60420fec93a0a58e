-- The records of files removed from the store.
DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab IN %(ids)s
