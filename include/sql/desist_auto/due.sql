-- The candidatures whose confirmation deadline has passed (before today), still unanswered, locked
-- until the run commits: a candidate who answers meanwhile waits, then is not desisted.
SELECT c.id_cand
FROM tmp_attente_confirm AS a
INNER JOIN candidature AS c ON a.id_cand = c.id_cand
WHERE a.deadline < %(today)s AND c.tem_accept_cand IS NULL
FOR UPDATE;
