-- eCandidat's automatic withdrawal: not accepted, by 'autoDesist', now (the run's stamp), and
-- dat_mod_cand = now as eCandidat's @PreUpdate sets it on save (user_mod_cand left: eCandidat does not
-- set it here). Pair: desist.mariadb.sql.
UPDATE candidature SET
    tem_accept_cand = FALSE, dat_accept_cand = %(now)s, user_accept_cand = 'autoDesist', dat_mod_cand = %(now)s
WHERE
    id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline < %(today)s)
    AND tem_accept_cand IS NULL;
