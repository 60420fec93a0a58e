-- An active campaign with one candidate per response of each benchmark survey.
WITH camp AS (
    INSERT INTO campagne (cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, tes_camp, dat_activat_effec_camp)
    VALUES ('BLS', 'Benchmark LimeSurvey', current_date - 100, current_date + 100, true, localtimestamp)
    RETURNING id_camp
), acc AS (
    INSERT INTO compte_minima (id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min, mail_perso_cpt_min,
                               tem_valid_cpt_min)
    SELECT camp.id_camp, 'L' || lpad(n::text, 7, '0'), 'N', 'P', 'x@example.org', true
    FROM camp, generate_series(1, %(candidates)s) AS n
    RETURNING id_cpt_min
)
INSERT INTO candidat (id_cpt_min, nom_pat_candidat, prenom_candidat)
SELECT id_cpt_min, 'N', 'P' FROM acc
