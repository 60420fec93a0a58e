-- Of a chunk of announced reminders, the candidatures still waiting for their file (as due.sql says it,
-- the deadline aside): one transmitted or cancelled since gets no reminder.
SELECT id_cand FROM candidature
WHERE
    id_cand IN %(ids)s
    AND cod_typ_statut = 'AT'
    AND dat_trans_dossier_cand IS NULL
    AND dat_annul_cand IS NULL
