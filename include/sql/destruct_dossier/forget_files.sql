DELETE FROM fichier_fiabilisation WHERE id_fichier_fiab = ANY(%(ids)s)
