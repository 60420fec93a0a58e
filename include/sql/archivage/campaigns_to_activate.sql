-- Campaigns whose planned activation has passed and that were never activated, oldest first,
-- with the campaign each one archives.
SELECT n.id_camp, n.cod_camp, n.archiv_id_camp, o.cod_camp AS old_cod_camp, o.dat_archiv_camp AS old_dat_archiv
FROM campagne n
LEFT JOIN campagne o ON o.id_camp = n.archiv_id_camp
WHERE n.dat_activat_effec_camp IS NULL
  AND n.dat_activat_prev_camp IS NOT NULL
  AND n.dat_activat_prev_camp < %(now)s
ORDER BY n.dat_activat_prev_camp, n.id_camp
