-- Candidate-level answers of one survey, in bulk: matched by dossier number within the active
-- campaign; inserted when new, updated only when strictly newer. Returns (matched, inserted, updated). Pair: upsert_candidat.mariadb.sql.
WITH src AS (
    SELECT * FROM unnest(%(keys)s::text[], %(dates)s::timestamp[], %(texts)s::text[]) AS s(num_dossier, dat, txt)
), matched AS (
    SELECT ca.id_candidat, s.dat, s.txt
    FROM src s
    JOIN compte_minima m ON m.num_dossier_opi_cpt_min = s.num_dossier AND m.id_camp = %(id_camp)s
    JOIN candidat ca ON ca.id_cpt_min = m.id_cpt_min
), up AS (
    INSERT INTO formulaire_candidat AS fc (id_candidat, id_formulaire_limesurvey, reponses_formulaire_candidat,
                                           dat_reponse_formulaire_candidat, dat_cre_formulaire_candidat,
                                           dat_mod_formulaire_candidat)
    SELECT id_candidat, %(survey_id)s, txt, dat, %(now)s, %(now)s FROM matched
    ON CONFLICT (id_candidat, id_formulaire_limesurvey) DO UPDATE
        SET reponses_formulaire_candidat = EXCLUDED.reponses_formulaire_candidat,
            dat_reponse_formulaire_candidat = EXCLUDED.dat_reponse_formulaire_candidat,
            dat_mod_formulaire_candidat = EXCLUDED.dat_mod_formulaire_candidat
        WHERE fc.dat_reponse_formulaire_candidat < EXCLUDED.dat_reponse_formulaire_candidat
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM matched), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM up
