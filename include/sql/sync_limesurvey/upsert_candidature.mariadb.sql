-- Candidature-level answers of one survey, in bulk, matched on candidature.id_cand; as
-- upsert_candidat.mariadb.sql (one bound JSON document, counts taken first). Pair: upsert_candidature.postgresql.sql.
SELECT count(*), count(fc.id_cand), count(CASE WHEN fc.dat_reponse_formulaire_cand < s.dat THEN 1 END)
INTO @ecb_matched, @ecb_existing, @ecb_newer
FROM JSON_TABLE(%(rows)s, '$[*]' COLUMNS (id_cand int PATH '$[0]', dat datetime PATH '$[1]')) s
JOIN candidature c ON c.id_cand = s.id_cand
LEFT JOIN formulaire_candidature fc ON fc.id_cand = s.id_cand AND fc.id_formulaire_limesurvey = %(survey_id)s;
INSERT INTO formulaire_candidature (id_cand, id_formulaire_limesurvey, reponses_formulaire_cand,
                                    dat_reponse_formulaire_cand, dat_cre_formulaire_cand, dat_mod_formulaire_cand)
SELECT s.id_cand, %(survey_id)s, s.txt, s.dat, %(now)s, %(now)s
FROM JSON_TABLE(%(rows)s, '$[*]' COLUMNS (id_cand int PATH '$[0]', dat datetime PATH '$[1]',
                                          txt longtext PATH '$[2]')) s
JOIN candidature c ON c.id_cand = s.id_cand
ON DUPLICATE KEY UPDATE
    -- each assignment sees the ones before it: the date, which the others compare with, goes last
    reponses_formulaire_cand = IF(VALUES(dat_reponse_formulaire_cand) > dat_reponse_formulaire_cand,
                                  VALUES(reponses_formulaire_cand), reponses_formulaire_cand),
    dat_mod_formulaire_cand = IF(VALUES(dat_reponse_formulaire_cand) > dat_reponse_formulaire_cand,
                                 VALUES(dat_mod_formulaire_cand), dat_mod_formulaire_cand),
    dat_reponse_formulaire_cand = GREATEST(dat_reponse_formulaire_cand, VALUES(dat_reponse_formulaire_cand));
SELECT @ecb_matched, @ecb_matched - @ecb_existing, @ecb_newer
