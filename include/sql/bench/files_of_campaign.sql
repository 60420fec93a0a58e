SELECT f.file_fichier FROM fichier f WHERE f.file_fichier LIKE %(prefix)s
