-- The candidatures whose confirmation deadline is exactly the reminder day (today + N), not reminded
-- yet, locked until the run commits.
SELECT c.id_cand
FROM tmp_attente_confirm AS a
INNER JOIN candidature AS c ON a.id_cand = c.id_cand
WHERE a.deadline = %(reminder_day)s AND NOT c.tem_relance_cand
FOR UPDATE;
