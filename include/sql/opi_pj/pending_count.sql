-- How many PJ OPI of the active campaign's candidates wait to be sent (dat_deversement null): what
-- BATCH_ASYNC_OPI_PJ would send (opi_pj/pending.sql), counted.
SELECT count(*)
FROM pj_opi AS p
INNER JOIN candidat AS c ON p.id_candidat = c.id_candidat
INNER JOIN compte_minima AS m ON c.id_cpt_min = m.id_cpt_min
WHERE m.id_camp = %(id_camp)s AND p.dat_deversement IS NULL
