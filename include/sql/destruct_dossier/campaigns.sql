-- Campaigns archived more than SCOL_NB_JOUR_ARCHIVAGE days ago (before %(cutoff)s) and not destroyed yet.
SELECT id_camp, cod_camp, dat_archiv_camp
FROM campagne
WHERE dat_archiv_camp IS NOT NULL
  AND dat_destruct_effec_camp IS NULL
  AND dat_archiv_camp < %(cutoff)s
ORDER BY dat_archiv_camp, id_camp
