-- What a run would do: deletable accounts, and expired ones kept because they have a candidat.
SELECT count(*) FILTER (WHERE ca.id_candidat IS NULL),
       count(*) FILTER (WHERE ca.id_candidat IS NULL AND h.num_dossier IS NOT NULL),
       count(*) FILTER (WHERE ca.id_candidat IS NOT NULL)
FROM compte_minima m
LEFT JOIN candidat ca ON ca.id_cpt_min = m.id_cpt_min
LEFT JOIN histo_num_dossier h ON h.num_dossier = m.num_dossier_opi_cpt_min
WHERE NOT m.tem_valid_cpt_min AND m.dat_fin_valid_cpt_min < %(now)s
