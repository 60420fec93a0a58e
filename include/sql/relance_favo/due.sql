-- The candidatures whose confirmation deadline is exactly the reminder day (today + N), not reminded
-- yet, locked until the run commits.
SELECT c.id_cand
FROM candidature AS c
WHERE
    c.id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline = %(reminder_day)s)
    AND NOT c.tem_relance_cand
FOR UPDATE;
