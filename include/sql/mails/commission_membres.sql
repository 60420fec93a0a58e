-- The commissions' members' mail addresses (the alert of commissions whose rule is 'L').
SELECT cm.id_comm, i.mail_ind
FROM commission_membre AS cm
INNER JOIN droit_profil_ind AS d ON cm.id_droit_profil_ind = d.id_droit_profil_ind
INNER JOIN individu AS i ON d.login_ind = i.login_ind
WHERE i.mail_ind IS NOT NULL
ORDER BY cm.id_comm, i.mail_ind;
