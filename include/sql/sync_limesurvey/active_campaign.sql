-- The active campaign: in service and today within its dates (eCandidat's "campagne active").
SELECT id_camp FROM campagne
WHERE tes_camp AND dat_archiv_camp IS NULL AND %(today)s BETWEEN dat_deb_camp AND dat_fin_camp
ORDER BY id_camp LIMIT 1
