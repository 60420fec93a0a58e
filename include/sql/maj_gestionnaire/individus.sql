-- eCandidat's individus (gestionnaires and commission members), as the directory is asked about them.
SELECT login_ind, libelle_ind, mail_ind, tes_ind
FROM individu
ORDER BY login_ind;
