-- Expired unvalidated accounts kept because a candidat record hangs on them (reported, not deleted).
SELECT count(*)
FROM compte_minima m
WHERE NOT m.tem_valid_cpt_min
  AND m.dat_fin_valid_cpt_min < %(now)s
  AND EXISTS (SELECT 1 FROM candidat ca WHERE ca.id_cpt_min = m.id_cpt_min)
