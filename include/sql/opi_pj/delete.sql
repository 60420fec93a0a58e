-- One PJ OPI whose file is gone (its fichier row or the stored file), as eCandidat removes it.
DELETE FROM pj_opi
WHERE cod_opi = %(cod_opi)s AND cod_apo_pj = %(cod_apo_pj)s AND dat_deversement IS NULL
