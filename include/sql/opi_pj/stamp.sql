-- One PJ OPI sent and found on the SI (executed for each).
UPDATE pj_opi SET dat_deversement = %(now)s
WHERE cod_opi = %(cod_opi)s AND cod_apo_pj = %(cod_apo_pj)s AND dat_deversement IS NULL
