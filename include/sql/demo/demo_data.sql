-- The demo dataset: dates are relative to now, so that on any day every batch of the screen has
-- something visible to do. Loaded after nomenclature.sql.
--   CAMP2025  archived 400 days ago, never destroyed      -> BATCH_DESTRUCT_DOSSIER (SCOL_NB_JOUR_ARCHIVAGE=365)
--   CAMP2026  in service and active                        -> BATCH_ASYNC_OPI, BATCH_NETTOYAGE_CPT, LimeSurvey
--   CAMP2027  planned activation yesterday, archives 2026  -> BATCH_ARCHIVAGE

INSERT INTO campagne (typ_siscol, cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, dat_fin_candidat_camp, tes_camp,
                      dat_activat_prev_camp, dat_activat_effec_camp, dat_archiv_camp)
VALUES ('D', 'CAMP2025', 'Campagne 2025', current_date - 800, current_date - 430, current_date - 430, false,
        localtimestamp - interval '800 days', localtimestamp - interval '800 days', localtimestamp - interval '400 days');

INSERT INTO campagne (typ_siscol, cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, dat_fin_candidat_camp, tes_camp,
                      dat_activat_prev_camp, dat_activat_effec_camp, archiv_id_camp)
SELECT 'D', 'CAMP2026', 'Campagne 2026', current_date - 400, current_date + 30, current_date + 30, true,
       localtimestamp - interval '400 days', localtimestamp - interval '400 days', id_camp
FROM campagne WHERE cod_camp = 'CAMP2025';

INSERT INTO campagne (typ_siscol, cod_camp, lib_camp, dat_deb_camp, dat_fin_camp, dat_fin_candidat_camp, tes_camp,
                      dat_activat_prev_camp, archiv_id_camp)
SELECT 'D', 'CAMP2027', 'Campagne 2027', current_date + 31, current_date + 400, current_date + 400, false,
       localtimestamp - interval '1 day', id_camp
FROM campagne WHERE cod_camp = 'CAMP2026';

INSERT INTO formation (cod_form, lib_form, tem_list_comp_form, cod_etp_vet_apo_form, cod_vrs_vet_apo_form,
                       dat_analyse_form, dat_confirm_form, delai_confirm_form, dat_deb_depot_form, dat_fin_depot_form,
                       dat_retour_form, dat_publi_form, dat_jury_form)
VALUES
    ('L3-INFO', 'Licence 3 Informatique', true, 'LINF3', '101',
     current_date + 5, current_date + 20, NULL, current_date - 90, current_date - 10,
     current_date - 5, current_date + 10, current_date + 8),
    ('M1-MIAGE', 'Master 1 MIAGE', false, 'MMIA1', '201',
     current_date + 6, NULL, 7, current_date - 80, current_date - 12,
     current_date - 6, current_date + 12, current_date + 9),
    ('M1-HIST', 'Master 1 Histoire', true, 'MHIS1', '301',
     current_date + 7, current_date + 25, NULL, current_date - 70, current_date - 15,
     current_date - 7, current_date + 14, current_date + 11);

-- Accounts: n = 1..12 in CAMP2026, n = 13..16 in CAMP2025.
--   1..6   validated, with a candidat and candidatures;
--   7..9   not validated, validity over, no candidat      -> deleted by BATCH_NETTOYAGE_CPT;
--   10     not validated, validity over, but a candidat    -> kept;
--   11..12 not validated, still within their validity      -> kept.
INSERT INTO compte_minima (id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min, mail_perso_cpt_min,
                           login_cpt_min, dat_cre_cpt_min, dat_fin_valid_cpt_min, tem_valid_cpt_min,
                           tem_valid_mail_cpt_min)
SELECT c.id_camp,
       'DEMO' || lpad(n::text, 4, '0'),
       'NOM' || n, 'Prenom' || n, 'candidat' || n || '@example.org', 'DEMO' || lpad(n::text, 4, '0'),
       localtimestamp - interval '20 days',
       CASE WHEN n BETWEEN 11 AND 12 THEN current_date + 3 + time '23:00'
            ELSE current_date - 15 + time '23:00' END,
       n NOT BETWEEN 7 AND 12, n NOT BETWEEN 7 AND 12
FROM generate_series(1, 16) AS n
JOIN campagne c ON c.cod_camp = CASE WHEN n <= 12 THEN 'CAMP2026' ELSE 'CAMP2025' END;

INSERT INTO histo_num_dossier (num_dossier, cod_camp)
SELECT m.num_dossier_opi_cpt_min, c.cod_camp
FROM compte_minima m JOIN campagne c USING (id_camp);

INSERT INTO adresse (adr1_adr, cod_bdi_adr, cod_pay, cod_com)
SELECT n || ' rue de la Demo', '54000', '100', '54395' FROM generate_series(1, 16) AS n;

INSERT INTO candidat (id_cpt_min, id_adr, nom_pat_candidat, prenom_candidat, ine_candidat, dat_naiss_candidat)
SELECT m.id_cpt_min, m.id_cpt_min, m.nom_cpt_min, m.prenom_cpt_min, '0000000' || lpad(m.id_cpt_min::text, 3, '0'),
       date '2004-01-01' + m.id_cpt_min
FROM compte_minima m
WHERE m.tem_valid_cpt_min OR m.num_dossier_opi_cpt_min = 'DEMO0010';

-- Accounts without a candidat have no address.
DELETE FROM adresse a WHERE NOT EXISTS (SELECT 1 FROM candidat c WHERE c.id_adr = a.id_adr);

INSERT INTO candidat_bac_ou_equ (id_candidat, cod_bac, annee_obt_bac)
SELECT id_candidat, 'S', 2022 FROM candidat;

INSERT INTO candidat_cursus_post_bac (id_candidat, annee_univ_cursus, lib_cursus)
SELECT id_candidat, 2023, 'Licence 2' FROM candidat;

-- Two candidatures per candidat (formations 1 and 2, or 2 and 3).
INSERT INTO candidature (id_candidat, id_form, tem_accept_cand, dat_accept_cand)
SELECT ca.id_candidat, f.id_form,
       CASE WHEN f.cod_form = 'L3-INFO' THEN true END,
       CASE WHEN f.cod_form = 'L3-INFO' THEN localtimestamp - interval '2 days' END
FROM candidat ca
JOIN formation f ON f.cod_form IN (CASE WHEN ca.id_candidat % 2 = 0 THEN 'L3-INFO' ELSE 'M1-HIST' END, 'M1-MIAGE');

INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_valid_type_dec_cand, dat_valid_type_dec_cand,
                                       list_comp_rang_typ_dec_cand)
SELECT cd.id_cand, td.id_typ_dec, true, localtimestamp - interval '3 days',
       CASE WHEN td.cod_typ_dec = 'LISTE_COMP' THEN cd.id_cand END
FROM candidature cd
JOIN formation f USING (id_form)
JOIN type_decision td ON td.cod_typ_dec = CASE f.cod_form WHEN 'L3-INFO' THEN 'FAVORABLE'
                                                           WHEN 'M1-HIST' THEN 'LISTE_COMP'
                                                           ELSE 'DEFAVORABLE' END;

-- OPIs: accepted candidatures of CAMP2026 wait for BATCH_ASYNC_OPI; those of CAMP2025 went through.
INSERT INTO opi (id_cand, dat_cre_opi, dat_passage_opi, cod_opi)
SELECT cd.id_cand, localtimestamp - interval '2 days',
       CASE WHEN c.cod_camp = 'CAMP2025' THEN localtimestamp - interval '420 days' END,
       CASE WHEN c.cod_camp = 'CAMP2025' THEN 'EC' || m.num_dossier_opi_cpt_min END
FROM candidature cd
JOIN candidat USING (id_candidat)
JOIN compte_minima m USING (id_cpt_min)
JOIN campagne c USING (id_camp)
WHERE cd.tem_accept_cand;

INSERT INTO piece_justif (cod_pj, lib_pj) VALUES
    ('CNI', 'Pièce d''identité'), ('RELEVE', 'Relevé de notes');

-- One stored file per piece and candidature: <candidat folder>/<cod_camp>/<dossier>/<piece>.pdf
INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, auteur_fichier,
                     dat_cre_fichier)
SELECT 'PJ_' || pj.cod_pj || '_' || cd.id_cand,
       c.cod_camp || '/' || m.num_dossier_opi_cpt_min || '/' || pj.cod_pj || '_' || cd.id_cand || '.pdf',
       pj.cod_pj || '.pdf', 'C', 'F', m.num_dossier_opi_cpt_min, cd.dat_cre_cand
FROM candidature cd
JOIN candidat USING (id_candidat)
JOIN compte_minima m USING (id_cpt_min)
JOIN campagne c USING (id_camp)
CROSS JOIN piece_justif pj;

INSERT INTO pj_cand (id_pj, id_cand, id_fichier, cod_typ_statut_piece)
SELECT pj.id_pj, split_part(f.cod_fichier, '_', 3)::integer, f.id_fichier, 'TRA'
FROM fichier f
JOIN piece_justif pj ON pj.cod_pj = split_part(f.cod_fichier, '_', 2);

-- An orphan file of the archived campaign (no pj_cand refers to it any more).
INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, dat_cre_fichier)
VALUES ('ORPHELIN_1', 'CAMP2025/orphelin.pdf', 'orphelin.pdf', 'C', 'F', localtimestamp - interval '500 days');

-- A PJ OPI waiting for BATCH_ASYNC_OPI_PJ.
INSERT INTO pj_opi (cod_apo_pj, cod_opi, cod_ind_opi, id_candidat, id_fichier)
SELECT 'CNI', 'EC' || m.num_dossier_opi_cpt_min, NULL, ca.id_candidat, min(f.id_fichier)
FROM candidat ca
JOIN compte_minima m USING (id_cpt_min)
JOIN fichier f ON f.auteur_fichier = m.num_dossier_opi_cpt_min AND f.cod_fichier LIKE 'PJ_CNI_%'
WHERE m.num_dossier_opi_cpt_min = 'DEMO0002'
GROUP BY m.num_dossier_opi_cpt_min, ca.id_candidat;

-- LimeSurvey forms: two active (distinct survey ids), one inactive.
INSERT INTO formulaire (cod_formulaire, lib_formulaire, id_formulaire_limesurvey, tes_formulaire) VALUES
    ('FORM_MOTIV', 'Questionnaire de motivation', 123456, true),
    ('FORM_INFO', 'Questionnaire Informatique', 654321, true),
    ('FORM_ANCIEN', 'Ancien questionnaire', 111111, false);

INSERT INTO formulaire_cand (id_formulaire, id_cand)
SELECT fo.id_formulaire, min(cd.id_cand)
FROM formulaire fo CROSS JOIN candidature cd
WHERE fo.cod_formulaire = 'FORM_INFO'
GROUP BY fo.id_formulaire;

INSERT INTO individu (login_ind, libelle_ind, mail_ind, tes_ind) VALUES
    ('admin', 'Administrateur eCandidat', 'admin@example.org', true),
    ('gestscol', 'Gestionnaire scolarité', 'scol@example.org', true);

INSERT INTO siscol_departement (cod_dep, typ_siscol, lib_dep, lic_dep) VALUES
    ('054', 'D', 'MEURTHE-ET-MOSELLE', 'M-ET-M'), ('057', 'D', 'MOSELLE', 'MOSELLE');
INSERT INTO siscol_commune (cod_com, typ_siscol, lib_com, lic_com) VALUES
    ('54395', 'D', 'NANCY', 'NANCY'), ('57463', 'D', 'METZ', 'METZ');
INSERT INTO siscol_pays (cod_pay, typ_siscol, lib_pay, lic_pay, lib_nat) VALUES
    ('100', 'D', 'FRANCE', 'FRANCE', 'FRANCAIS');
INSERT INTO siscol_bac_oux_equ (cod_bac, typ_siscol, lib_bac, lic_bac, daa_deb_vld_bac) VALUES
    ('S', 'D', 'BAC SCIENTIFIQUE', 'BAC S', '1995');
INSERT INTO siscol_annee_uni (cod_anu, typ_siscol, eta_anu_iae, lib_anu, lic_anu) VALUES
    ('2026', 'D', 'O', 'Année universitaire 2026/2027', '2026/2027');
INSERT INTO version (cod_version, val_version) VALUES ('VERSION_DB', 'demo');
