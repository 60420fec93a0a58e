-- Benchmark campaigns: BOLD archived 400 days ago (BATCH_DESTRUCT_DOSSIER), BCUR in service with
-- invalid accounts (BATCH_NETTOYAGE_CPT), BNEXT due for activation, archiving BCUR (BATCH_ARCHIVAGE).
INSERT INTO campagne (cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, tes_camp, dat_activat_effec_camp,
                      dat_archiv_camp)
VALUES ('BOLD', 'Ancienne', current_date - 800, current_date - 430, false,
        localtimestamp - interval '800 days', localtimestamp - interval '400 days');
INSERT INTO campagne (cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, tes_camp, dat_activat_effec_camp,
                      archiv_id_camp)
SELECT 'BCUR', 'En cours', current_date - 300, current_date + 30, true, localtimestamp - interval '300 days', id_camp
FROM campagne WHERE cod_camp = 'BOLD';
INSERT INTO campagne (cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, dat_activat_prev_camp, archiv_id_camp)
SELECT 'BNEXT', 'Suivante', current_date + 31, current_date + 400, localtimestamp - interval '1 day', id_camp
FROM campagne WHERE cod_camp = 'BCUR';
INSERT INTO formation (cod_form, lib_form, dat_analyse_form, dat_confirm_form, dat_deb_depot_form,
                       dat_fin_depot_form, dat_retour_form, dat_publi_form, dat_jury_form)
SELECT 'F' || n, 'Formation ' || n, current_date + n, current_date + 20, current_date - 90,
       current_date - 10, current_date - 5, current_date + 10, current_date + 8
FROM generate_series(1, 40) AS n;
INSERT INTO piece_justif (cod_pj, lib_pj) VALUES ('CNI', 'Identité'), ('REL', 'Relevé');
