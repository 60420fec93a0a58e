-- The benchmark's LimeSurvey forms, in both dialects: %(surveys)s active forms (surveys 100001...), in
-- place of the demo's, each with one response per candidate of the current campaign.
UPDATE formulaire SET tes_formulaire = FALSE;
INSERT INTO formulaire (id_formulaire, id_formulaire_limesurvey, cod_formulaire, lib_formulaire,
                        id_i18n_lib_formulaire, id_i18n_url_formulaire, tes_formulaire, tem_conditionnel_formulaire,
                        tem_commun_formulaire, dat_cre_formulaire, user_cre_formulaire, dat_mod_formulaire,
                        user_mod_formulaire)
WITH RECURSIVE seq (n) AS (
    SELECT 1
    UNION ALL
    SELECT seq.n + 1 FROM seq WHERE seq.n < %(surveys)s
)
SELECT
    1000 + seq.n, 100000 + seq.n, concat('BENCH', seq.n), concat('Formulaire ', seq.n), 1011, 1012, TRUE, FALSE,
    TRUE, %(now)s, 'bench', %(now)s, 'bench'
FROM seq
