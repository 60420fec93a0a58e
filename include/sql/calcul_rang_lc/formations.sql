-- The formations whose real ranks the batch keeps (eCandidat's
-- findByTesFormAndTemListCompFormAndTypSiScol).
SELECT count(*) AS formations
FROM formation
WHERE tes_form AND tem_list_comp_form AND typ_siscol = %(typ_siscol)s;
