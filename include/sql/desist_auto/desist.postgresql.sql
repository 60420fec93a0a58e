-- eCandidat's automatic withdrawal of the candidatures whose confirmation deadline has passed (before
-- today), still unanswered: not accepted, by 'autoDesist', now (the run's stamp), and dat_mod_cand = now
-- as eCandidat's @PreUpdate sets it on save (user_mod_cand left: eCandidat does not set it here). The
-- UPDATE locks them until the run commits (a candidate who answers meanwhile waits, then is not
-- withdrawn: the condition is checked again on the row he changed), and keeps the withdrawn in
-- tmp_desiste, which the promotions and the mails read: one pass over the candidatures.
-- Pair: desist.mariadb.sql.
CREATE TEMPORARY TABLE tmp_desiste (id_cand integer NOT NULL, id_form integer NOT NULL);

WITH withdrawn AS (
    UPDATE candidature SET
        tem_accept_cand = FALSE, dat_accept_cand = %(now)s, user_accept_cand = 'autoDesist', dat_mod_cand = %(now)s
    WHERE
        id_cand IN (SELECT a.id_cand FROM tmp_attente_confirm AS a WHERE a.deadline < %(today)s)
        AND tem_accept_cand IS NULL
    RETURNING id_cand, id_form
)

INSERT INTO tmp_desiste (id_cand, id_form)
SELECT id_cand, id_form FROM withdrawn;
