-- What destroying a campaign would delete (the dry run), with the same joins as delete_accounts.sql.
WITH acc AS (SELECT id_cpt_min FROM compte_minima WHERE id_camp = %(id_camp)s),
cand AS (SELECT ca.id_candidat, ca.id_adr FROM candidat ca JOIN acc USING (id_cpt_min)),
cdt AS (SELECT c.id_cand FROM candidature c JOIN cand USING (id_candidat))
SELECT (SELECT count(*) FROM acc) AS compte_minima,
       (SELECT count(*) FROM cand) AS candidat,
       (SELECT count(*) FROM cdt) AS candidature,
       (SELECT count(*) FROM pj_cand p JOIN cdt USING (id_cand)) AS pj_cand,
       (SELECT count(DISTINCT p.id_fichier) FROM pj_cand p JOIN cdt USING (id_cand)) AS fichier
