-- Reminded: eCandidat's tem_relance_cand, so that no later run reminds them again. A join, not
-- IN (subquery): MariaDB before 11.1 would scan (and lock) every candidature for the latter.
UPDATE candidature AS c
INNER JOIN tmp_attente_confirm AS a ON c.id_cand = a.id_cand
SET c.tem_relance_cand = TRUE
WHERE a.deadline = %(reminder_day)s AND NOT c.tem_relance_cand;
