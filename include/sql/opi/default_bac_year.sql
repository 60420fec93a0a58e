-- The university year open for registration (eCandidat's getDefaultBacAnneeObt: the first
-- siscol_annee_uni with eta_anu_iae = 'O'), the bac year of a bac without one.
SELECT cod_anu FROM siscol_annee_uni
WHERE eta_anu_iae = 'O' AND typ_siscol = %(typ_siscol)s
ORDER BY cod_anu
LIMIT 1
