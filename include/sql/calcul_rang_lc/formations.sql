-- The formations whose real ranks the batch keeps (eCandidat's
-- findByTesFormAndTemListCompFormAndTypSiScol), in a temporary table that ranked.sql reads.
CREATE TEMPORARY TABLE tmp_lc_formation AS
SELECT id_form
FROM formation
WHERE tes_form AND tem_list_comp_form AND typ_siscol = %(typ_siscol)s;

SELECT count(*) AS formations FROM tmp_lc_formation;
