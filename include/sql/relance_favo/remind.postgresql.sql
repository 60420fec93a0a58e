-- Reminded: eCandidat's tem_relance_cand, so that no later run reminds them again.
UPDATE candidature SET tem_relance_cand = TRUE
WHERE
    id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline = %(reminder_day)s)
    AND NOT tem_relance_cand;
