-- The candidatures whose confirmation deadline has passed (before today), still unanswered, locked
-- until the run commits: a candidate who answers meanwhile waits, then is not desisted.
SELECT c.id_cand
FROM candidature AS c
WHERE
    c.id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline < %(today)s)
    AND c.tem_accept_cand IS NULL
FOR UPDATE;
