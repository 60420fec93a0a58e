-- eCandidat's automatic withdrawal of the candidatures whose confirmation deadline has passed (before
-- today), still unanswered: kept in tmp_desiste, which the promotions and the mails read, and locked
-- until the run commits (a candidate who answers meanwhile waits, then is not withdrawn); then not
-- accepted, by 'autoDesist', now (the run's stamp), and dat_mod_cand = now as eCandidat's @PreUpdate
-- sets it on save (user_mod_cand left: eCandidat does not set it here). A join, not IN (subquery):
-- MariaDB before 11.1 would scan (and lock) every candidature for the latter. Pair: desist.postgresql.sql.
CREATE TEMPORARY TABLE tmp_desiste AS
SELECT c.id_cand, c.id_form
FROM tmp_attente_confirm AS a
INNER JOIN candidature AS c ON a.id_cand = c.id_cand
WHERE a.deadline < %(today)s AND c.tem_accept_cand IS NULL
FOR UPDATE;

UPDATE candidature AS c
INNER JOIN tmp_desiste AS d ON c.id_cand = d.id_cand
SET
    c.tem_accept_cand = FALSE, c.dat_accept_cand = %(now)s, c.user_accept_cand = 'autoDesist',
    c.dat_mod_cand = %(now)s
WHERE c.tem_accept_cand IS NULL;
