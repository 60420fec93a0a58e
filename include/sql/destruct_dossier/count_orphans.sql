SELECT count(*) FROM fichier_orphelin WHERE dat_cre_fichier < %(before)s
