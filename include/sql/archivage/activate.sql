UPDATE campagne SET dat_activat_effec_camp = %(now)s, tes_camp = true
WHERE id_camp = %(new_id_camp)s AND dat_activat_effec_camp IS NULL
