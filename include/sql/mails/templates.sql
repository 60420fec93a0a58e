-- The subject and body translations of the mails in service (the models and the centres' own, whose
-- codes are unique too: a decision type may use a centre's), with their language's state: in
-- service, default.
SELECT
    m.cod_mail,
    CASE WHEN t.id_i18n = m.id_i18n_sujet_mail THEN 'sujet' ELSE 'corps' END AS part,
    t.cod_langue,
    t.val_trad,
    l.tes_langue,
    l.tem_defaut_langue
FROM mail AS m
INNER JOIN i18n_traduction AS t ON t.id_i18n IN (m.id_i18n_sujet_mail, m.id_i18n_corps_mail)
INNER JOIN langue AS l ON t.cod_langue = l.cod_langue
WHERE m.tes_mail
ORDER BY m.cod_mail, t.cod_langue;
