-- Who answers the demo LimeSurvey forms: each candidate of the campaign in service, with one of its
-- candidatures.
SELECT m.num_dossier_opi_cpt_min, min(cd.id_cand)
FROM compte_minima m
JOIN candidat USING (id_cpt_min)
JOIN candidature cd USING (id_candidat)
JOIN campagne c USING (id_camp)
WHERE c.tes_camp AND c.dat_archiv_camp IS NULL
GROUP BY 1
ORDER BY 1
