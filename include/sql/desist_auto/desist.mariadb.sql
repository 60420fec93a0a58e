-- eCandidat's automatic withdrawal: not accepted, by 'autoDesist', now (the run's stamp), and
-- dat_mod_cand = now as eCandidat's @PreUpdate sets it on save (user_mod_cand left: eCandidat does not
-- set it here). A join, not IN (subquery): MariaDB before 11.1 would scan (and lock) every
-- candidature for the latter. Pair: desist.postgresql.sql.
UPDATE candidature AS c
INNER JOIN tmp_attente_confirm AS a ON c.id_cand = a.id_cand
SET
    c.tem_accept_cand = FALSE, c.dat_accept_cand = %(now)s, c.user_accept_cand = 'autoDesist',
    c.dat_mod_cand = %(now)s
WHERE a.deadline < %(today)s AND c.tem_accept_cand IS NULL;
