-- Candidature-level answers of one survey, in bulk, matched on candidature.id_cand; as
-- upsert_candidat.postgresql.sql (one bound JSON document [[id_cand, date, text], ...]).
-- Pair: upsert_candidature.mariadb.sql.
WITH src AS (
    SELECT CAST(e ->> 0 AS integer) AS id_cand, CAST(e ->> 1 AS timestamp) AS dat, e ->> 2 AS txt
    FROM jsonb_array_elements(CAST(%(rows)s AS jsonb)) AS e
), matched AS (
    SELECT s.* FROM src s JOIN candidature c ON c.id_cand = s.id_cand
), up AS (
    INSERT INTO formulaire_candidature AS fc (id_cand, id_formulaire_limesurvey, reponses_formulaire_cand,
                                              dat_reponse_formulaire_cand, dat_cre_formulaire_cand,
                                              dat_mod_formulaire_cand)
    SELECT id_cand, %(survey_id)s, txt, dat, %(now)s, %(now)s FROM matched
    ON CONFLICT (id_cand, id_formulaire_limesurvey) DO UPDATE
        SET reponses_formulaire_cand = EXCLUDED.reponses_formulaire_cand,
            dat_reponse_formulaire_cand = EXCLUDED.dat_reponse_formulaire_cand,
            dat_mod_formulaire_cand = EXCLUDED.dat_mod_formulaire_cand
        WHERE fc.dat_reponse_formulaire_cand < EXCLUDED.dat_reponse_formulaire_cand
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM matched), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM up
