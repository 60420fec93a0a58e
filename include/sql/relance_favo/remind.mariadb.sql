-- Reminded: eCandidat's tem_relance_cand, so that no later run reminds them again, and dat_mod_cand =
-- now (the run's stamp) as eCandidat's @PreUpdate sets it on save (user_mod_cand left: eCandidat does
-- not set it here). A join, not IN (subquery): MariaDB before 11.1 would scan (and lock) every
-- candidature for the latter. Pair: remind.postgresql.sql.
UPDATE candidature AS c
INNER JOIN tmp_attente_confirm AS a ON c.id_cand = a.id_cand
SET c.tem_relance_cand = TRUE, c.dat_mod_cand = %(now)s
WHERE a.deadline = %(reminder_day)s AND NOT c.tem_relance_cand;
