-- The campaign is destroyed once it has no account left.
UPDATE campagne SET dat_destruct_effec_camp = %(now)s
WHERE id_camp = %(id_camp)s
  AND dat_destruct_effec_camp IS NULL
  AND NOT EXISTS (SELECT 1 FROM compte_minima m WHERE m.id_camp = %(id_camp)s)
