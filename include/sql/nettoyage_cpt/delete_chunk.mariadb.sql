-- Unvalidated accounts past their validity and without a candidat, one chunk: delete them and free
-- their dossier numbers, in one transaction (a crash never leaves a number without account). MariaDB
-- has no data-modifying CTE: the chunk is locked first, then its rows deleted; the counts are the
-- PostgreSQL statement's. Pair: delete_chunk.postgresql.sql.
-- into: doomed
SELECT m.id_cpt_min
FROM compte_minima m
WHERE NOT m.tem_valid_cpt_min
  AND m.dat_fin_valid_cpt_min < %(now)s
  AND NOT EXISTS (SELECT 1 FROM candidat ca WHERE ca.id_cpt_min = m.id_cpt_min)
ORDER BY m.id_cpt_min
LIMIT %(chunk)s
FOR UPDATE SKIP LOCKED;  -- noqa: PRS
DELETE h FROM histo_num_dossier h
JOIN compte_minima m ON m.num_dossier_opi_cpt_min = h.num_dossier
WHERE m.id_cpt_min IN %(doomed)s;
SET @ecandidat_batches_numbers = ROW_COUNT();
DELETE FROM compte_minima WHERE id_cpt_min IN %(doomed)s;
SELECT ROW_COUNT(), @ecandidat_batches_numbers
