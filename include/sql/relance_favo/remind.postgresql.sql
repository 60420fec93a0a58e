-- Reminded: eCandidat's tem_relance_cand, so that no later run reminds them again, and dat_mod_cand =
-- now (the run's stamp) as eCandidat's @PreUpdate sets it on save (user_mod_cand left: eCandidat does
-- not set it here). Pair: remind.mariadb.sql.
UPDATE candidature SET tem_relance_cand = TRUE, dat_mod_cand = %(now)s
WHERE
    id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline = %(reminder_day)s)
    AND NOT tem_relance_cand;
