-- The candidates of this run, numbered in eCandidat's order (select.sql fills it, the chunks' reads
-- join it), for this session only: an earlier one dropped first.
DROP TEMPORARY TABLE IF EXISTS tmp_opi_candidat;

CREATE TEMPORARY TABLE tmp_opi_candidat (id_candidat integer PRIMARY KEY, rang integer NOT NULL);
