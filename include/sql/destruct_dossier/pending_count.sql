SELECT count(*) FROM fichier_fiabilisation
