-- The active campaign: in service, of the configured SI (typ_siscol) and today within its dates
-- (eCandidat's "campagne active").
SELECT id_camp FROM campagne
WHERE tes_camp AND dat_archiv_camp IS NULL AND typ_siscol = %(typ_siscol)s
  AND %(today)s BETWEEN dat_deb_camp AND dat_fin_camp
ORDER BY id_camp LIMIT 1
