-- The highest fichier id before paths_in_use.sql reads fichier: a row above it came while the run goes.
SELECT coalesce(max(id_fichier), 0) FROM fichier
