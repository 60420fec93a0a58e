-- The demo dataset, on eCandidat's own schema (every NOT NULL column filled), in SQL that MariaDB and
-- PostgreSQL both read. Loaded after the nomenclature. Dates are relative to today, in Paris wall-clock
-- time as eCandidat writes them: the job binds %(now)s and, for every name used below, %(jour_m<N>)s /
-- %(jour_p<N>)s (today minus/plus N days), %(instant_m<N>)s (now minus N days) and %(fin_jour_m<N>)s /
-- %(fin_jour_p<N>)s (that day at 23:00, eCandidat's end of validity of an account).
--   CAMP2025  archived 400 days ago, never destroyed      -> BATCH_DESTRUCT_DOSSIER (SCOL_NB_JOUR_ARCHIVAGE=365)
--   CAMP2026  in service and active                        -> BATCH_ASYNC_OPI, BATCH_NETTOYAGE_CPT, LimeSurvey
--   CAMP2027  planned activation yesterday, archives 2026  -> BATCH_ARCHIVAGE

-- SI Scolarité referentials the candidates point at (typ_siscol 'D': no SI Scolarité configured).
INSERT INTO siscol_pays (cod_pay, lib_pay, lic_pay, lib_nat, typ_siscol, tem_en_sve_pay) VALUES
    ('100', 'FRANCE', 'FRANCE', 'FRANCAIS', 'D', TRUE);
INSERT INTO siscol_departement (cod_dep, lib_dep, lic_dep, typ_siscol, tem_en_sve_dep) VALUES
    ('054', 'MEURTHE-ET-MOSELLE', 'M-ET-M', 'D', TRUE), ('057', 'MOSELLE', 'MOSELLE', 'D', TRUE);
INSERT INTO siscol_commune (cod_com, typ_siscol, lib_com, tem_en_sve_com) VALUES
    ('54395', 'D', 'NANCY', TRUE), ('57463', 'D', 'METZ', TRUE);
INSERT INTO siscol_bac_oux_equ (cod_bac, typ_siscol, lib_bac, lic_bac, daa_deb_vld_bac, tem_en_sve_bac) VALUES
    ('S', 'D', 'BAC SCIENTIFIQUE', 'BAC S', '1995', TRUE);
INSERT INTO siscol_dip_aut_cur (cod_dac, lib_dac, lic_dac, typ_siscol, tem_en_sve_dac) VALUES
    ('LIC', 'LICENCE', 'LICENCE', 'D', TRUE);
INSERT INTO siscol_annee_uni (cod_anu, typ_siscol, eta_anu_iae, lib_anu, lic_anu) VALUES
    ('2026', 'D', 'O', 'Année universitaire 2026/2027', '2026/2027');

INSERT INTO campagne (id_camp, cod_camp, typ_siscol, lib_camp, dat_deb_camp, dat_fin_camp, dat_fin_candidat_camp,
                      tes_camp, dat_activat_prev_camp, dat_activat_effec_camp, dat_archiv_camp, archiv_id_camp)
VALUES
    (1, 'CAMP2025', 'D', 'Campagne 2025', %(jour_m800)s, %(jour_m430)s, %(jour_m430)s, FALSE,
     %(instant_m800)s, %(instant_m800)s, %(instant_m400)s, NULL),
    (2, 'CAMP2026', 'D', 'Campagne 2026', %(jour_m400)s, %(jour_p30)s, %(jour_p30)s, TRUE,
     %(instant_m400)s, %(instant_m400)s, NULL, 1),
    (3, 'CAMP2027', 'D', 'Campagne 2027', %(jour_p31)s, %(jour_p400)s, %(jour_p400)s, FALSE,
     %(instant_m1)s, NULL, NULL, 2);

-- One centre de candidature, its commission (and its address), three formations.
INSERT INTO adresse (id_adr, cod_pay, typ_siscol, cod_bdi_adr, cod_com, adr1_adr) VALUES
    (100, '100', 'D', '54000', '54395', '1 place de l''Université');
INSERT INTO centre_candidature (id_ctr_cand, cod_ctr_cand, lib_ctr_cand, id_typ_dec_fav, nb_max_voeux_ctr_cand,
                                tem_demat_ctr_cand, tem_list_comp_ctr_cand, dat_deb_depot_ctr_cand,
                                dat_fin_depot_ctr_cand, dat_retour_ctr_cand, tes_ctr_cand, dat_cre_ctr_cand,
                                user_cre_ctr_cand, dat_mod_ctr_cand, user_mod_ctr_cand)
SELECT 1, 'SCIENCES', 'Faculté des sciences', id_typ_dec, 5, TRUE, TRUE, %(jour_m90)s, %(jour_m10)s, %(jour_m5)s,
       TRUE, %(now)s, 'demo', %(now)s, 'demo'
FROM type_decision WHERE cod_typ_dec = 'AVIS_FAVORABLE';
INSERT INTO commission (id_comm, id_ctr_cand, cod_comm, lib_comm, mail_comm, id_adr, tes_comm, tem_alert_list_princ_comm,
                        mail_alert_comm, dat_cre_comm, user_cre_comm, dat_mod_comm, user_mod_comm)
VALUES (1, 1, 'COMM-SCI', 'Commission des sciences', 'commission.sciences@example.org', 100, TRUE, TRUE,
        'commission.sciences@example.org', %(now)s, 'demo', %(now)s, 'demo');
INSERT INTO formation (id_form, typ_siscol, id_comm, cod_typ_trait, cod_form, lib_form, cod_etp_vet_apo_form,
                       cod_vrs_vet_apo_form, id_typ_dec_fav, id_typ_dec_fav_list_comp, tem_list_comp_form,
                       tem_demat_form, dat_analyse_form, dat_confirm_form, delai_confirm_form, dat_deb_depot_form,
                       dat_fin_depot_form, dat_retour_form, dat_publi_form, dat_jury_form, tes_form, dat_cre_form,
                       user_cre_form, dat_mod_form, user_mod_form)
SELECT f.id_form, 'D', 1, 'AC', f.cod_form, f.lib_form, f.etp, f.vrs, fav.id_typ_dec, lc.id_typ_dec, f.lc, TRUE,
       f.analyse_le, f.confirm, f.delai, f.deb_depot, f.fin_depot, f.retour, f.publi, f.jury, TRUE, %(now)s, 'demo',
       %(now)s, 'demo'
FROM (
    SELECT 1 AS id_form, 'L3-INFO' AS cod_form, 'Licence 3 Informatique' AS lib_form, 'LINF3' AS etp, '101' AS vrs,
           TRUE AS lc, %(jour_p5)s AS analyse_le, %(jour_p20)s AS confirm, NULL AS delai, %(jour_m90)s AS deb_depot,
           %(jour_m10)s AS fin_depot, %(jour_m5)s AS retour, %(jour_p10)s AS publi, %(jour_p8)s AS jury
    UNION ALL
    SELECT 2, 'M1-MIAGE', 'Master 1 MIAGE', 'MMIA1', '201', FALSE, %(jour_p6)s, NULL, 7, %(jour_m80)s,
           %(jour_m12)s, %(jour_m6)s, %(jour_p12)s, %(jour_p9)s
    UNION ALL
    SELECT 3, 'M1-HIST', 'Master 1 Histoire', 'MHIS1', '301', TRUE, %(jour_p7)s, %(jour_p25)s, NULL, %(jour_m70)s,
           %(jour_m15)s, %(jour_m7)s, %(jour_p14)s, %(jour_p11)s
) f
JOIN type_decision fav ON fav.cod_typ_dec = 'AVIS_FAVORABLE'
JOIN type_decision lc ON lc.cod_typ_dec = 'AVIS_FAVORABLE';

-- Accounts: n = 1..12 in CAMP2026, n = 13..16 in CAMP2025 (id = n).
--   1..6   validated, with a candidat and candidatures;
--   7..9   not validated, validity over, no candidat      -> deleted by BATCH_NETTOYAGE_CPT;
--   10     not validated, validity over, but a candidat    -> kept;
--   11..12 not validated, still within their validity      -> kept;
--   13..16 validated, in the archived campaign.
INSERT INTO compte_minima (id_cpt_min, id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min,
                           mail_perso_cpt_min, login_cpt_min, pwd_cpt_min, valid_key_cpt_min, dat_cre_cpt_min,
                           dat_fin_valid_cpt_min, tem_valid_cpt_min, tem_valid_mail_cpt_min, tem_fc_cpt_min)
VALUES
    (1, 2, 'DEMO0001', 'NOM1', 'Prenom1', 'candidat1@example.org', 'DEMO0001', 'x', 'cle0001', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (2, 2, 'DEMO0002', 'NOM2', 'Prenom2', 'candidat2@example.org', 'DEMO0002', 'x', 'cle0002', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (3, 2, 'DEMO0003', 'NOM3', 'Prenom3', 'candidat3@example.org', 'DEMO0003', 'x', 'cle0003', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (4, 2, 'DEMO0004', 'NOM4', 'Prenom4', 'candidat4@example.org', 'DEMO0004', 'x', 'cle0004', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (5, 2, 'DEMO0005', 'NOM5', 'Prenom5', 'candidat5@example.org', 'DEMO0005', 'x', 'cle0005', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (6, 2, 'DEMO0006', 'NOM6', 'Prenom6', 'candidat6@example.org', 'DEMO0006', 'x', 'cle0006', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (7, 2, 'DEMO0007', 'NOM7', 'Prenom7', 'candidat7@example.org', 'DEMO0007', 'x', 'cle0007', %(instant_m20)s, %(fin_jour_m15)s, FALSE, FALSE, FALSE),
    (8, 2, 'DEMO0008', 'NOM8', 'Prenom8', 'candidat8@example.org', 'DEMO0008', 'x', 'cle0008', %(instant_m20)s, %(fin_jour_m15)s, FALSE, FALSE, FALSE),
    (9, 2, 'DEMO0009', 'NOM9', 'Prenom9', 'candidat9@example.org', 'DEMO0009', 'x', 'cle0009', %(instant_m20)s, %(fin_jour_m15)s, FALSE, FALSE, FALSE),
    (10, 2, 'DEMO0010', 'NOM10', 'Prenom10', 'candidat10@example.org', 'DEMO0010', 'x', 'cle0010', %(instant_m20)s, %(fin_jour_m15)s, FALSE, FALSE, FALSE),
    (11, 2, 'DEMO0011', 'NOM11', 'Prenom11', 'candidat11@example.org', 'DEMO0011', 'x', 'cle0011', %(instant_m20)s, %(fin_jour_p3)s, FALSE, FALSE, FALSE),
    (12, 2, 'DEMO0012', 'NOM12', 'Prenom12', 'candidat12@example.org', 'DEMO0012', 'x', 'cle0012', %(instant_m20)s, %(fin_jour_p3)s, FALSE, FALSE, FALSE),
    (13, 1, 'DEMO0013', 'NOM13', 'Prenom13', 'candidat13@example.org', 'DEMO0013', 'x', 'cle0013', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (14, 1, 'DEMO0014', 'NOM14', 'Prenom14', 'candidat14@example.org', 'DEMO0014', 'x', 'cle0014', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (15, 1, 'DEMO0015', 'NOM15', 'Prenom15', 'candidat15@example.org', 'DEMO0015', 'x', 'cle0015', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE),
    (16, 1, 'DEMO0016', 'NOM16', 'Prenom16', 'candidat16@example.org', 'DEMO0016', 'x', 'cle0016', %(instant_m20)s, %(fin_jour_m15)s, TRUE, TRUE, FALSE);

INSERT INTO histo_num_dossier (num_dossier, cod_camp)
SELECT m.num_dossier_opi_cpt_min, c.cod_camp
FROM compte_minima m JOIN campagne c ON c.id_camp = m.id_camp;

-- A candidat (with an address) for accounts 1..6, 10 and 13..16; its id and its address's are the account's.
INSERT INTO adresse (id_adr, cod_pay, typ_siscol, cod_bdi_adr, cod_com, adr1_adr)
SELECT m.id_cpt_min, '100', 'D', '54000', '54395', concat(m.id_cpt_min, ' rue de la Démo')
FROM compte_minima m
WHERE m.tem_valid_cpt_min OR m.num_dossier_opi_cpt_min = 'DEMO0010';
INSERT INTO candidat (id_candidat, typ_siscol, cod_civ, nom_pat_candidat, prenom_candidat, dat_naiss_candidat,
                      cod_pay_nat, ine_candidat, cod_pay_naiss, id_adr, cod_langue, id_cpt_min, tem_updatable_candidat)
SELECT m.id_cpt_min, 'D', CASE WHEN mod(m.id_cpt_min, 2) = 0 THEN 'Mme' ELSE 'M.' END, m.nom_cpt_min,
       m.prenom_cpt_min, %(jour_m8000)s, '100', concat('0000000', lpad(concat(m.id_cpt_min, ''), 3, '0')), '100',
       m.id_cpt_min, 'fr', m.id_cpt_min, TRUE
FROM compte_minima m
WHERE m.tem_valid_cpt_min OR m.num_dossier_opi_cpt_min = 'DEMO0010';

INSERT INTO candidat_bac_ou_equ (id_candidat, typ_siscol, cod_pay, annee_obt_bac, cod_bac, tem_updatable_bac)
SELECT id_candidat, 'D', '100', 2022, 'S', TRUE FROM candidat;
INSERT INTO candidat_cursus_post_bac (id_candidat, cod_pay, typ_siscol, annee_univ_cursus, cod_dac, lib_cursus,
                                      obtenu_cursus)
SELECT id_candidat, '100', 'D', 2023, 'LIC', 'Licence 2', 'O' FROM candidat;

-- Two candidatures per candidat: L3-INFO (accepted) and M1-MIAGE for even ids, M1-HIST and M1-MIAGE for odd.
INSERT INTO candidature (typ_siscol, id_form, id_candidat, cod_typ_trait, tem_valid_typ_trait_cand, cod_typ_statut,
                         tem_proposition_cand, dat_cre_cand, user_cre_cand, dat_mod_cand, user_mod_cand,
                         tem_accept_cand, dat_accept_cand)
SELECT 'D', f.id_form, ca.id_candidat, 'AC', TRUE, 'CO', FALSE, %(instant_m30)s, 'demo', %(instant_m30)s, 'demo',
       CASE WHEN f.cod_form = 'L3-INFO' THEN TRUE END,
       CASE WHEN f.cod_form = 'L3-INFO' THEN %(instant_m2)s END
FROM candidat ca
JOIN formation f ON f.cod_form IN (CASE WHEN mod(ca.id_candidat, 2) = 0 THEN 'L3-INFO' ELSE 'M1-HIST' END, 'M1-MIAGE')
ORDER BY ca.id_candidat, f.id_form;

INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,
                                       user_cre_type_dec_cand, tem_valid_type_dec_cand, dat_valid_type_dec_cand,
                                       user_valid_type_dec_cand, list_comp_rang_typ_dec_cand)
SELECT cd.id_cand, td.id_typ_dec, FALSE, %(instant_m3)s, 'demo', TRUE, %(instant_m3)s, 'demo',
       CASE WHEN td.cod_typ_dec = 'AVIS_LISTE_COMP' THEN cd.id_cand END
FROM candidature cd
JOIN formation f ON f.id_form = cd.id_form
JOIN type_decision td ON td.cod_typ_dec = CASE f.cod_form WHEN 'L3-INFO' THEN 'AVIS_FAVORABLE'
                                                           WHEN 'M1-HIST' THEN 'AVIS_LISTE_COMP'
                                                           ELSE 'AVIS_DEFAVORABLE' END;

-- OPIs: accepted candidatures of CAMP2026 wait for BATCH_ASYNC_OPI; those of CAMP2025 went through.
INSERT INTO opi (id_cand, dat_cre_opi, dat_passage_opi, cod_opi)
SELECT cd.id_cand, %(instant_m2)s,
       CASE WHEN m.id_camp = 1 THEN %(instant_m420)s END,
       CASE WHEN m.id_camp = 1 THEN concat('EC', m.num_dossier_opi_cpt_min) END
FROM candidature cd
JOIN candidat ca ON ca.id_candidat = cd.id_candidat
JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min
WHERE cd.tem_accept_cand;

-- Two pieces justificatives (their labels are i18n rows, ids 1001-1002 beyond the nomenclature's).
INSERT INTO i18n (id_i18n, cod_typ_trad) VALUES (1001, 'PJ_LIB'), (1002, 'PJ_LIB');
INSERT INTO i18n_traduction (id_i18n, cod_langue, val_trad) VALUES
    (1001, 'fr', 'Pièce d''identité'), (1002, 'fr', 'Relevé de notes');
INSERT INTO piece_justif (id_pj, cod_pj, lib_pj, tes_pj, id_i18n_lib_pj, tem_commun_pj, tem_unicite_pj,
                          tem_conditionnel_pj, dat_cre_pj, user_cre_pj, dat_mod_pj, user_mod_pj)
VALUES (1, 'CNI', 'Pièce d''identité', TRUE, 1001, TRUE, FALSE, FALSE, %(now)s, 'demo', %(now)s, 'demo'),
       (2, 'RELEVE', 'Relevé de notes', TRUE, 1002, TRUE, FALSE, FALSE, %(now)s, 'demo', %(now)s, 'demo');

-- One stored file per piece and candidature, in eCandidat's candidate folder layout:
-- <cod_camp>/<dossier>/<piece>_<id_cand>.pdf, and its pj_cand row.
INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, auteur_fichier,
                     dat_cre_fichier)
SELECT concat('PJ_', pj.cod_pj, '_', cd.id_cand),
       concat(c.cod_camp, '/', m.num_dossier_opi_cpt_min, '/', pj.cod_pj, '_', cd.id_cand, '.pdf'),
       concat(pj.cod_pj, '.pdf'), 'C', 'F', m.num_dossier_opi_cpt_min, cd.dat_cre_cand
FROM candidature cd
JOIN candidat ca ON ca.id_candidat = cd.id_candidat
JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min
JOIN campagne c ON c.id_camp = m.id_camp
CROSS JOIN piece_justif pj
ORDER BY cd.id_cand, pj.id_pj;
INSERT INTO pj_cand (id_pj, id_cand, id_fichier, cod_typ_statut_piece, dat_cre_pj_cand, user_cre_pj_cand,
                     dat_mod_pj_cand, user_mod_pj_cand)
SELECT pj.id_pj, cd.id_cand, f.id_fichier, 'TR', %(instant_m30)s, 'demo', %(instant_m30)s, 'demo'
FROM candidature cd
CROSS JOIN piece_justif pj
JOIN fichier f ON f.cod_fichier = concat('PJ_', pj.cod_pj, '_', cd.id_cand);

-- An orphan file of the archived campaign (no pj_cand refers to it any more).
INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, auteur_fichier,
                     dat_cre_fichier)
VALUES ('ORPHELIN_1', 'CAMP2025/orphelin.pdf', 'orphelin.pdf', 'C', 'F', 'demo', %(instant_m500)s);

-- A PJ OPI waiting for BATCH_ASYNC_OPI_PJ: account 2's identity document.
INSERT INTO pj_opi (cod_apo_pj, cod_opi, cod_ind_opi, id_candidat, id_fichier)
SELECT 'CNI', concat('EC', m.num_dossier_opi_cpt_min), NULL, ca.id_candidat, min(f.id_fichier)
FROM candidat ca
JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min
JOIN fichier f ON f.auteur_fichier = m.num_dossier_opi_cpt_min AND f.cod_fichier LIKE 'PJ\_CNI\_%%'
WHERE m.num_dossier_opi_cpt_min = 'DEMO0002'
GROUP BY m.num_dossier_opi_cpt_min, ca.id_candidat;

-- LimeSurvey forms: two active (distinct survey ids), one inactive; labels and URLs are i18n rows.
INSERT INTO i18n (id_i18n, cod_typ_trad) VALUES
    (1011, 'FORM_LIB'), (1012, 'FORM_URL'), (1013, 'FORM_LIB'), (1014, 'FORM_URL'), (1015, 'FORM_LIB'), (1016, 'FORM_URL');
INSERT INTO i18n_traduction (id_i18n, cod_langue, val_trad) VALUES
    (1011, 'fr', 'Questionnaire de motivation'), (1012, 'fr', 'https://enquetes.example.org/123456'),
    (1013, 'fr', 'Questionnaire Informatique'), (1014, 'fr', 'https://enquetes.example.org/654321'),
    (1015, 'fr', 'Ancien questionnaire'), (1016, 'fr', 'https://enquetes.example.org/111111');
INSERT INTO formulaire (id_formulaire, id_formulaire_limesurvey, cod_formulaire, lib_formulaire, id_i18n_lib_formulaire,
                        id_i18n_url_formulaire, tes_formulaire, tem_conditionnel_formulaire, tem_commun_formulaire,
                        dat_cre_formulaire, user_cre_formulaire, dat_mod_formulaire, user_mod_formulaire)
VALUES (1, 123456, 'FORM_MOTIV', 'Questionnaire de motivation', 1011, 1012, TRUE, FALSE, TRUE, %(now)s, 'demo', %(now)s, 'demo'),
       (2, 654321, 'FORM_INFO', 'Questionnaire Informatique', 1013, 1014, TRUE, FALSE, TRUE, %(now)s, 'demo', %(now)s, 'demo'),
       (3, 111111, 'FORM_ANCIEN', 'Ancien questionnaire', 1015, 1016, FALSE, FALSE, TRUE, %(now)s, 'demo', %(now)s, 'demo');
INSERT INTO formulaire_cand (id_formulaire, id_cand, dat_cre_formulaire_cand, user_cre_formulaire_cand,
                             dat_mod_formulaire_cand, user_mod_formulaire_cand)
SELECT 2, min(id_cand), %(now)s, 'demo', %(now)s, 'demo' FROM candidature;

INSERT INTO individu (login_ind, libelle_ind, mail_ind, tes_ind) VALUES
    ('admin', 'Administrateur eCandidat', 'admin@example.org', TRUE),
    ('gestscol', 'Gestionnaire scolarité', 'scol@example.org', TRUE);
