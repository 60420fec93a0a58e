UPDATE campagne SET dat_archiv_camp = coalesce(dat_archiv_camp, %(now)s), tes_camp = false
WHERE id_camp = %(old_id_camp)s
