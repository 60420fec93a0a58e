-- The centres' gestionnaires' mail addresses (the BCC of centres whose rule is 'L').
SELECT g.id_ctr_cand, i.mail_ind
FROM gestionnaire AS g
INNER JOIN droit_profil_ind AS d ON g.id_droit_profil_ind = d.id_droit_profil_ind
INNER JOIN individu AS i ON d.login_ind = i.login_ind
WHERE i.mail_ind IS NOT NULL
ORDER BY g.id_ctr_cand, i.mail_ind;
