-- Unvalidated accounts past their validity and without a candidat, one chunk: delete them and free
-- their dossier numbers in the same statement (so a crash never leaves a number without account).
-- Pair: delete_chunk.mariadb.sql.
WITH doomed AS (
    SELECT m.id_cpt_min, m.num_dossier_opi_cpt_min
    FROM compte_minima m
    WHERE NOT m.tem_valid_cpt_min
      AND m.dat_fin_valid_cpt_min < %(now)s
      AND NOT EXISTS (SELECT 1 FROM candidat ca WHERE ca.id_cpt_min = m.id_cpt_min)
    ORDER BY m.id_cpt_min
    LIMIT %(chunk)s
    FOR UPDATE OF m SKIP LOCKED
), numbers AS (
    DELETE FROM histo_num_dossier h USING doomed d
    WHERE h.num_dossier = d.num_dossier_opi_cpt_min
    RETURNING 1
), accounts AS (
    DELETE FROM compte_minima m USING doomed d
    WHERE m.id_cpt_min = d.id_cpt_min
    RETURNING 1
)
SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM numbers)
