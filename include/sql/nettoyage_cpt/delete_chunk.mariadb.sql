-- Unvalidated accounts past their validity and without a candidat, one chunk: delete them and free
-- their dossier numbers, in one transaction (a crash never leaves a number without account). MariaDB
-- has no data-modifying CTE: the chunk is locked first, its ids kept in a temporary table of the
-- session (never a list that grows with the chunk, whatever chunk_size; it goes with the session),
-- then its rows deleted; the counts are the PostgreSQL statement's. Pair: delete_chunk.postgresql.sql.
CREATE TEMPORARY TABLE IF NOT EXISTS tmp_nettoyage_cpt (id_cpt_min integer PRIMARY KEY);
DELETE FROM tmp_nettoyage_cpt;
INSERT INTO tmp_nettoyage_cpt (id_cpt_min)
SELECT m.id_cpt_min
FROM compte_minima AS m
WHERE NOT m.tem_valid_cpt_min
  AND m.dat_fin_valid_cpt_min < %(now)s
  AND NOT EXISTS (SELECT 1 FROM candidat AS ca WHERE ca.id_cpt_min = m.id_cpt_min)
ORDER BY m.id_cpt_min
LIMIT %(chunk)s
FOR UPDATE SKIP LOCKED;  -- noqa: PRS
DELETE h FROM tmp_nettoyage_cpt AS t
INNER JOIN compte_minima AS m ON t.id_cpt_min = m.id_cpt_min
INNER JOIN histo_num_dossier AS h ON m.num_dossier_opi_cpt_min = h.num_dossier;
SET @ecandidat_batches_numbers = ROW_COUNT();
DELETE m FROM tmp_nettoyage_cpt AS t INNER JOIN compte_minima AS m ON t.id_cpt_min = m.id_cpt_min;
SELECT ROW_COUNT(), @ecandidat_batches_numbers
