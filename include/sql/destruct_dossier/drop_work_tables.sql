-- The run's work tables (work_tables.sql, paths_in_use.sql), when it ends.
DROP TEMPORARY TABLE IF EXISTS tmp_destruct_compte, tmp_destruct_candidat, tmp_destruct_candidature,
tmp_destruct_fichier, tmp_destruct_chemin, tmp_destruct_double
