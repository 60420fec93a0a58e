-- Found in the directory with another label or mail: both taken, and in service (eCandidat's rule).
UPDATE individu SET libelle_ind = %(libelle)s, mail_ind = %(mail)s, tes_ind = TRUE
WHERE login_ind = %(login)s;
