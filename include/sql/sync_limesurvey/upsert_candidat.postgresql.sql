-- Candidate-level answers of one survey, in bulk: matched by dossier number within the active
-- campaign; inserted when new, updated only when strictly newer. The rows travel as one bound JSON
-- document ([[dossier, date, text], ...]), as on MariaDB: three bound arrays cost the client a third
-- of a large survey's time to write out, element by element. Returns (matched, inserted, updated).
-- Pair: upsert_candidat.mariadb.sql.
WITH src AS (
    SELECT e ->> 0 AS num_dossier, CAST(e ->> 1 AS timestamp) AS dat, e ->> 2 AS txt
    FROM jsonb_array_elements(CAST(%(rows)s AS jsonb)) AS e
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
