-- Benchmark data for one campaign at a large university's scale (parameters: cod_camp, accounts,
-- candidatures per account = 2.5 on average, 2 files per candidature), set-based.
-- accounts: %(accounts)s; the first %(invalid)s accounts are unvalidated, expired, without candidat.
WITH camp AS (SELECT id_camp, cod_camp FROM campagne WHERE cod_camp = %(cod_camp)s),
acc AS (
    INSERT INTO compte_minima (id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min, mail_perso_cpt_min,
                               dat_cre_cpt_min, dat_fin_valid_cpt_min, tem_valid_cpt_min, tem_valid_mail_cpt_min)
    SELECT camp.id_camp, %(prefix)s || lpad(n::text, 6, '0'), 'NOM' || n, 'P' || n, 'c' || n || '@example.org',
           localtimestamp - interval '30 days', localtimestamp - interval '10 days',
           n > %(invalid)s, n > %(invalid)s
    FROM camp, generate_series(1, %(accounts)s) AS n
    RETURNING id_cpt_min, num_dossier_opi_cpt_min, tem_valid_cpt_min
), hist AS (
    INSERT INTO histo_num_dossier (num_dossier, cod_camp)
    SELECT num_dossier_opi_cpt_min, %(cod_camp)s FROM acc
    RETURNING 1
)
SELECT (SELECT count(*) FROM acc), (SELECT count(*) FROM hist)
