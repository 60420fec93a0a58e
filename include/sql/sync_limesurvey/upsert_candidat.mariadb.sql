-- Candidate-level answers of one survey, in bulk: matched by dossier number within the active campaign;
-- inserted when new, updated only when strictly newer. The rows travel as one bound JSON document
-- ([[dossier, date, text], ...]) read by JSON_TABLE; the counts are taken before the upsert, in the
-- same transaction, since MariaDB's affected rows cannot tell them apart. Returns (matched, inserted,
-- updated), as the PostgreSQL statement does. Pair: upsert_candidat.postgresql.sql.
SELECT count(*), count(fc.id_candidat), count(CASE WHEN fc.dat_reponse_formulaire_candidat < s.dat THEN 1 END)
INTO @ecb_matched, @ecb_existing, @ecb_newer
FROM JSON_TABLE(%(rows)s, '$[*]' COLUMNS (num_dossier varchar(8) PATH '$[0]', dat datetime PATH '$[1]')) s
JOIN compte_minima m ON m.num_dossier_opi_cpt_min = s.num_dossier AND m.id_camp = %(id_camp)s
JOIN candidat ca ON ca.id_cpt_min = m.id_cpt_min
LEFT JOIN formulaire_candidat fc ON fc.id_candidat = ca.id_candidat AND fc.id_formulaire_limesurvey = %(survey_id)s;
INSERT INTO formulaire_candidat (id_candidat, id_formulaire_limesurvey, reponses_formulaire_candidat,
                                 dat_reponse_formulaire_candidat, dat_cre_formulaire_candidat,
                                 dat_mod_formulaire_candidat)
SELECT ca.id_candidat, %(survey_id)s, s.txt, s.dat, %(now)s, %(now)s
FROM JSON_TABLE(%(rows)s, '$[*]' COLUMNS (num_dossier varchar(8) PATH '$[0]', dat datetime PATH '$[1]',
                                          txt longtext PATH '$[2]')) s
JOIN compte_minima m ON m.num_dossier_opi_cpt_min = s.num_dossier AND m.id_camp = %(id_camp)s
JOIN candidat ca ON ca.id_cpt_min = m.id_cpt_min
ON DUPLICATE KEY UPDATE
    -- each assignment sees the ones before it: the date, which the others compare with, goes last
    reponses_formulaire_candidat = IF(VALUES(dat_reponse_formulaire_candidat) > dat_reponse_formulaire_candidat,
                                      VALUES(reponses_formulaire_candidat), reponses_formulaire_candidat),
    dat_mod_formulaire_candidat = IF(VALUES(dat_reponse_formulaire_candidat) > dat_reponse_formulaire_candidat,
                                     VALUES(dat_mod_formulaire_candidat), dat_mod_formulaire_candidat),
    dat_reponse_formulaire_candidat = GREATEST(dat_reponse_formulaire_candidat, VALUES(dat_reponse_formulaire_candidat));
SELECT @ecb_matched, @ecb_matched - @ecb_existing, @ecb_newer
