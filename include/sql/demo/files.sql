SELECT DISTINCT file_fichier FROM fichier ORDER BY 1
