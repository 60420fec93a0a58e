SELECT count(*)
FROM candidature c
JOIN candidat ca ON ca.id_candidat = c.id_candidat
JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min
WHERE m.id_camp = %(old_id_camp)s
