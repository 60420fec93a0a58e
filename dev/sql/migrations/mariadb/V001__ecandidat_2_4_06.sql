-- eCandidat's application schema at its migration V2_4_06_00, for the databases this package
-- creates (embedded, tests, demo). Written by `python -m dev.ecandidat_schema` from the facts of
-- include/sql/schema/ecandidat: do not edit by hand. A real eCandidat database is eCandidat's own.

CREATE TABLE `adresse` (
    `id_adr` int(10) NOT NULL AUTO_INCREMENT,
    `cod_pay` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `cod_bdi_adr` varchar(5),
    `cod_com` varchar(50),
    `lib_com_etr_adr` varchar(50),
    `adr1_adr` varchar(50),
    `adr2_adr` varchar(50),
    `adr3_adr` varchar(50),
    `cedex_adr` varchar(50),
    PRIMARY KEY (`id_adr`),
    KEY `fk_adresse_siscol_commune_cod_com` (`cod_com`, `typ_siscol`),
    KEY `fk_adresse_siscol_pays_cod_pay` (`cod_pay`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `alert_sva` (
    `id_sva` int(11) NOT NULL AUTO_INCREMENT,
    `nb_jour_sva` int(11) NOT NULL,
    `color_sva` varchar(20) NOT NULL,
    `tes_sva` bit(1) NOT NULL,
    PRIMARY KEY (`id_sva`),
    UNIQUE KEY `nb_jour_sva` (`nb_jour_sva`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `batch` (
    `cod_batch` varchar(30) NOT NULL,
    `lib_batch` varchar(50) NOT NULL,
    `tes_batch` bit(1) NOT NULL,
    `tem_is_launch_imedia_batch` bit(1) NOT NULL,
    `tem_lundi_batch` bit(1) NOT NULL,
    `tem_mardi_batch` bit(1) NOT NULL,
    `tem_mercr_batch` bit(1) NOT NULL,
    `tem_jeudi_batch` bit(1) NOT NULL,
    `tem_vendredi_batch` bit(1) NOT NULL,
    `tem_samedi_batch` bit(1) NOT NULL,
    `tem_diman_batch` bit(1) NOT NULL,
    `fixe_hour_batch` time NOT NULL,
    `fixe_day_batch` int(10),
    `fixe_month_batch` int(10),
    `fixe_year_batch` int(10),
    `frequence_batch` int(10) NOT NULL DEFAULT 0,
    `tem_frequence_batch` bit(1) NOT NULL DEFAULT b'0',
    `last_dat_execution_batch` datetime,
    PRIMARY KEY (`cod_batch`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `batch_histo` (
    `id_batch_histo` int(10) NOT NULL AUTO_INCREMENT,
    `cod_batch` varchar(30) NOT NULL,
    `date_deb_batch_histo` datetime,
    `date_fin_batch_histo` datetime,
    `state_batch_histo` varchar(10),
    `detail_batch_histo` text,
    PRIMARY KEY (`id_batch_histo`),
    KEY `fk_batch_histo_batch_cod_batch` (`cod_batch`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `batch_run` (
    `cod_run` varchar(5) NOT NULL,
    `dat_last_check_run` datetime NOT NULL,
    PRIMARY KEY (`cod_run`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `campagne` (
    `id_camp` int(10) NOT NULL AUTO_INCREMENT,
    `cod_camp` varchar(20) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_camp` varchar(50) NOT NULL,
    `id_i18n_libelle_campagne` int(10),
    `dat_deb_camp` date NOT NULL,
    `dat_fin_camp` date NOT NULL,
    `dat_fin_candidat_camp` date,
    `tes_camp` bit(1) NOT NULL,
    `dat_activat_prev_camp` datetime,
    `dat_activat_effec_camp` datetime,
    `dat_archiv_camp` datetime,
    `dat_destruct_effec_camp` datetime,
    `archiv_id_camp` int(10),
    PRIMARY KEY (`id_camp`),
    UNIQUE KEY `cod_camp` (`cod_camp`),
    KEY `campagne_id_camp_id_camp` (`archiv_id_camp`),
    KEY `fk_campagne_i18n_id_i18n_id_i18n_libelle_campagne` (`id_i18n_libelle_campagne`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat` (
    `id_candidat` int(10) NOT NULL AUTO_INCREMENT,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `cod_civ` varchar(4) NOT NULL,
    `nom_pat_candidat` varchar(100) NOT NULL,
    `nom_usu_candidat` varchar(100),
    `prenom_candidat` varchar(100) NOT NULL,
    `autre_pren_candidat` varchar(100),
    `dat_naiss_candidat` date NOT NULL,
    `cod_pay_nat` varchar(50) NOT NULL,
    `ine_candidat` varchar(10),
    `cle_ine_candidat` varchar(2),
    `cod_pay_naiss` varchar(50) NOT NULL,
    `cod_dep_naiss_candidat` varchar(50),
    `cod_com_naiss_candidat` varchar(50),
    `lib_ville_naiss_candidat` varchar(30),
    `id_adr` int(10),
    `tel_candidat` varchar(20),
    `tel_port_candidat` varchar(20),
    `cod_langue` varchar(5) NOT NULL,
    `cod_rgi` varchar(50),
    `cod_stu` varchar(50),
    `id_cpt_min` int(10) NOT NULL,
    `tem_updatable_candidat` bit(1) NOT NULL,
    PRIMARY KEY (`id_candidat`),
    UNIQUE KEY `id_cpt_min` (`id_cpt_min`),
    KEY `fk_candidat_adresse_id_adr` (`id_adr`),
    KEY `fk_candidat_langue_id_langue` (`cod_langue`),
    KEY `fk_candidat_siscol_com_naiss_cod_com` (`cod_com_naiss_candidat`, `typ_siscol`),
    KEY `fk_candidat_siscol_pays_cod_pays_naiss` (`cod_pay_naiss`, `typ_siscol`),
    KEY `fk_candidat_siscol_pays_cod_pay_nat` (`cod_pay_nat`, `typ_siscol`),
    KEY `fk_candidat_siscol_regime_cod_rgi` (`cod_rgi`, `typ_siscol`),
    KEY `fk_candidat_siscol_statut_cod_stu` (`cod_stu`, `typ_siscol`),
    KEY `fk_civilite_candidat_cod_civ` (`cod_civ`),
    KEY `fk_compte_minima_candidat_id_cpt_min` (`id_cpt_min`),
    KEY `fk_siscol_departement_cod_dep_cod_dep_naiss` (`cod_dep_naiss_candidat`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat_bac_ou_equ` (
    `id_candidat` int(10) NOT NULL,
    `cod_pay` varchar(50),
    `cod_dep` varchar(50),
    `cod_com` varchar(50),
    `cod_etb` varchar(50),
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `annee_obt_bac` int(4),
    `cod_bac` varchar(50) NOT NULL,
    `cod_mnb` varchar(50),
    `cod_spe1_bac_ter` varchar(50),
    `cod_spe2_bac_ter` varchar(50),
    `cod_spe_bac_pre` varchar(50),
    `cod_opt1_bac` varchar(50),
    `cod_opt2_bac` varchar(50),
    `cod_opt3_bac` varchar(50),
    `cod_opt4_bac` varchar(50),
    `tem_updatable_bac` bit(1) NOT NULL,
    PRIMARY KEY (`id_candidat`),
    KEY `fk_bac_ou_equ_candidat_id_candidat` (`id_candidat`),
    KEY `fk_bac_ou_equ_siscol_bac_ou_equ_cod_bac` (`cod_bac`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_commune_cod_com` (`cod_com`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_departement_cod_dep` (`cod_dep`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_etablissement_cod_etb` (`cod_etb`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_mention_niv_bac_cod_mnb` (`cod_mnb`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_option_bac_cod_opt1_bac` (`cod_opt1_bac`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_option_bac_cod_opt2_bac` (`cod_opt2_bac`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_option_bac_cod_opt3_bac` (`cod_opt3_bac`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_option_bac_cod_opt4_bac` (`cod_opt4_bac`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_pays_cod_pay` (`cod_pay`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_specialite_bac_cod_spe1_bac_ter` (`cod_spe1_bac_ter`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_specialite_bac_cod_spe2_bac_ter` (`cod_spe2_bac_ter`, `typ_siscol`),
    KEY `fk_bac_ou_equ_siscol_specialite_bac_cod_spe_bac_pre` (`cod_spe_bac_pre`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat_cursus_interne` (
    `id_cursus_interne` int(10) NOT NULL AUTO_INCREMENT,
    `id_candidat` int(10) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `annee_univ_cursus_interne` int(4),
    `cod_vet_cursus_interne` varchar(100),
    `lib_cursus_interne` varchar(255),
    `cod_men_cursus_interne` varchar(50),
    `cod_tre_cursus_interne` varchar(50),
    `not_vet_cursus_interne` varchar(20),
    `bar_not_vet_cursus_interne` int(10),
    PRIMARY KEY (`id_cursus_interne`),
    KEY `fk_candidat_cursus_interne_candidat_id_candidat` (`id_candidat`),
    KEY `fk_siscol_mention_cursus_interne_cod_men` (`cod_men_cursus_interne`, `typ_siscol`),
    KEY `fk_siscol_typ_resultat_candidat_cursus_interne_cod_tre` (`cod_tre_cursus_interne`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat_cursus_post_bac` (
    `id_cursus` int(10) NOT NULL AUTO_INCREMENT,
    `id_candidat` int(10) NOT NULL,
    `cod_pay` varchar(50) NOT NULL,
    `cod_dep` varchar(50),
    `cod_com` varchar(50),
    `cod_etb` varchar(50),
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `annee_univ_cursus` int(4) NOT NULL,
    `cod_dac` varchar(50) NOT NULL,
    `cod_men` varchar(50),
    `lib_cursus` varchar(255) NOT NULL,
    `obtenu_cursus` varchar(1) NOT NULL,
    PRIMARY KEY (`id_cursus`),
    KEY `fk_cursus_post_bac_candidat_id_candidat` (`id_candidat`),
    KEY `fk_cursus_siscol_commune_cod_com` (`cod_com`, `typ_siscol`),
    KEY `fk_cursus_siscol_departement_cod_dep` (`cod_dep`, `typ_siscol`),
    KEY `fk_cursus_siscol_dip_aut_cur_cod_dac` (`cod_dac`, `typ_siscol`),
    KEY `fk_cursus_siscol_etablissement_cod_etb` (`cod_etb`, `typ_siscol`),
    KEY `fk_cursus_siscol_mention_cod_men` (`cod_men`, `typ_siscol`),
    KEY `fk_cursus_siscol_pays_cod_pay` (`cod_pay`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat_cursus_pro` (
    `id_cursus_pro` int(10) NOT NULL AUTO_INCREMENT,
    `id_candidat` int(10) NOT NULL,
    `annee_cursus_pro` int(4) NOT NULL,
    `duree_cursus_pro` varchar(20) NOT NULL,
    `organisme_cursus_pro` varchar(50) NOT NULL,
    `intitule_cursus_pro` varchar(50) NOT NULL,
    `objectif_cursus_pro` varchar(500),
    PRIMARY KEY (`id_cursus_pro`),
    KEY `fk_cursus_pro_candidat_id_candidat` (`id_candidat`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidat_stage` (
    `id_stage` int(10) NOT NULL AUTO_INCREMENT,
    `id_candidat` int(10) NOT NULL,
    `annee_stage` int(4) NOT NULL,
    `duree_stage` varchar(20) NOT NULL,
    `organisme_stage` varchar(50) NOT NULL,
    `descriptif_stage` varchar(500) NOT NULL,
    `nb_h_sem_stage` int(3),
    PRIMARY KEY (`id_stage`),
    KEY `fk_candidat_stage_candidat_id_candidat` (`id_candidat`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `candidature` (
    `id_cand` int(10) NOT NULL AUTO_INCREMENT,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `id_form` int(10) NOT NULL,
    `id_candidat` int(10) NOT NULL,
    `cod_typ_trait` varchar(2) NOT NULL,
    `tem_valid_typ_trait_cand` bit(1) NOT NULL,
    `cod_typ_statut` varchar(2) NOT NULL,
    `tem_proposition_cand` bit(1) NOT NULL,
    `dat_cre_cand` datetime NOT NULL,
    `user_cre_cand` varchar(50) NOT NULL,
    `dat_mod_cand` datetime NOT NULL,
    `user_mod_cand` varchar(50) NOT NULL,
    `dat_annul_cand` datetime,
    `user_annul_cand` varchar(50),
    `tem_accept_cand` bit(1),
    `dat_accept_cand` datetime,
    `user_accept_cand` varchar(50),
    `tem_relance_cand` bit(1) NOT NULL DEFAULT b'0',
    `dat_mod_typ_statut_cand` datetime,
    `dat_trans_dossier_cand` datetime,
    `dat_recept_dossier_cand` date,
    `dat_complet_dossier_cand` date,
    `dat_incomplet_dossier_cand` date,
    `dat_new_retour_cand` date,
    `dat_new_confirm_cand` date,
    `dat_deb_depot_form` date,
    `dat_fin_depot_form` date,
    `dat_retour_form` date,
    `dat_confirm_form` date,
    `delai_confirm_form` int(10),
    `dat_publi_form` date,
    `dat_jury_form` date,
    `dat_analyse_form` date,
    `cod_cat_exo_ext` varchar(50),
    `comp_exo_ext_cand` varchar(200),
    `mnt_charge_cand` decimal(10,2),
    `cod_rgi` varchar(50),
    PRIMARY KEY (`id_cand`),
    KEY `fk_candidature_candidat_id_candidat` (`id_candidat`),
    KEY `fk_candidature_formation_id_form` (`id_form`),
    KEY `fk_candidature_sicol_cat_exo_ext` (`cod_cat_exo_ext`, `typ_siscol`),
    KEY `fk_candidature_siscol_regime` (`cod_rgi`),
    KEY `fk_candidature_type_statut_cod_typ_statut` (`cod_typ_statut`),
    KEY `fk_candidature_type_traitement_cod_typ_trait` (`cod_typ_trait`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `centre_candidature` (
    `id_ctr_cand` int(10) NOT NULL AUTO_INCREMENT,
    `cod_ctr_cand` varchar(20) NOT NULL,
    `lib_ctr_cand` varchar(200) NOT NULL,
    `id_typ_dec_fav` int(10) NOT NULL,
    `nb_max_voeux_ctr_cand` int(10) NOT NULL,
    `tem_demat_ctr_cand` bit(1) NOT NULL,
    `tem_list_comp_ctr_cand` bit(1) NOT NULL,
    `id_typ_dec_fav_list_comp` int(10),
    `dat_deb_depot_ctr_cand` date NOT NULL,
    `dat_fin_depot_ctr_cand` date NOT NULL,
    `dat_retour_ctr_cand` date NOT NULL,
    `dat_confirm_ctr_cand` date,
    `dat_confirm_list_comp_ctr_cand` date,
    `delai_confirm_ctr_cand` int(10),
    `delai_confirm_list_comp_ctr_cand` int(10),
    `dat_publi_ctr_cand` date,
    `dat_jury_ctr_cand` date,
    `dat_analyse_ctr_cand` date,
    `info_comp_ctr_cand` varchar(500),
    `mail_contact_ctr_cand` varchar(80),
    `typ_send_mail_ctr_cand` varchar(1) NOT NULL DEFAULT 'N',
    `tem_param_ctr_cand` bit(1) NOT NULL DEFAULT b'1',
    `tes_ctr_cand` bit(1) NOT NULL,
    `dat_cre_ctr_cand` datetime NOT NULL,
    `user_cre_ctr_cand` varchar(50) NOT NULL,
    `dat_mod_ctr_cand` datetime NOT NULL,
    `user_mod_ctr_cand` varchar(50) NOT NULL,
    PRIMARY KEY (`id_ctr_cand`),
    UNIQUE KEY `cod_ctr_cand` (`cod_ctr_cand`),
    KEY `fk_centre_candidature_typ_decision_id_typ_dec_fav` (`id_typ_dec_fav`),
    KEY `fk_centre_candidature_typ_decision_id_typ_dec_fav_list_comp` (`id_typ_dec_fav_list_comp`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `civilite` (
    `cod_civ` varchar(4) NOT NULL,
    `lib_civ` varchar(255) NOT NULL,
    `cod_siscol` varchar(3) NOT NULL,
    `cod_sexe` varchar(1) NOT NULL,
    PRIMARY KEY (`cod_civ`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `commission` (
    `id_comm` int(10) NOT NULL AUTO_INCREMENT,
    `id_ctr_cand` int(10) NOT NULL,
    `cod_comm` varchar(30) NOT NULL,
    `lib_comm` varchar(200) NOT NULL,
    `mail_comm` varchar(80),
    `url_comm` varchar(255),
    `tel_comm` varchar(20),
    `fax_comm` varchar(20),
    `id_adr` int(10) NOT NULL,
    `id_i18n_comment_retour_comm` int(10),
    `comment_retour_comm` varchar(500),
    `tes_comm` bit(1) NOT NULL,
    `signataire_comm` varchar(255),
    `id_fichier` int(10),
    `typ_alert_comm` varchar(1) NOT NULL DEFAULT 'M',
    `mail_alert_comm` varchar(80),
    `tem_edit_lettre_comm` bit(1) NOT NULL DEFAULT b'0',
    `tem_mail_lettre_comm` bit(1) NOT NULL DEFAULT b'0',
    `tem_alert_prop_comm` bit(1) NOT NULL DEFAULT b'1',
    `tem_alert_annul_comm` bit(1) NOT NULL DEFAULT b'1',
    `tem_alert_trans_comm` bit(1) NOT NULL DEFAULT b'1',
    `tem_alert_desist_comm` bit(1) NOT NULL DEFAULT b'1',
    `tem_alert_list_princ_comm` bit(1) NOT NULL DEFAULT b'1',
    `dat_cre_comm` datetime NOT NULL,
    `user_cre_comm` varchar(50) NOT NULL,
    `dat_mod_comm` datetime NOT NULL,
    `user_mod_comm` varchar(50) NOT NULL,
    PRIMARY KEY (`id_comm`),
    UNIQUE KEY `cod_comm` (`cod_comm`),
    KEY `fk_commission_adresse_id_adr` (`id_adr`),
    KEY `fk_commission_centre_candidature_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_commission_i18n_id_i18n_comment_retour_comm` (`id_i18n_comment_retour_comm`),
    KEY `fk_fichier_commission_id_fichier` (`id_fichier`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `commission_membre` (
    `id_droit_profil_ind` int(10) NOT NULL,
    `id_comm` int(10) NOT NULL,
    `tem_is_president` bit(1) NOT NULL,
    `commentaire` varchar(500),
    PRIMARY KEY (`id_droit_profil_ind`),
    KEY `fk_commission_membre_commission_id_comm` (`id_comm`),
    KEY `fk_droit_profil_ind_commission_membre_id_droit_profil_ind` (`id_droit_profil_ind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `compte_minima` (
    `id_cpt_min` int(10) NOT NULL AUTO_INCREMENT,
    `id_camp` int(10) NOT NULL,
    `mail_perso_cpt_min` varchar(100) NOT NULL,
    `nom_cpt_min` varchar(100) NOT NULL,
    `prenom_cpt_min` varchar(100) NOT NULL,
    `num_dossier_opi_cpt_min` varchar(8) NOT NULL,
    `login_cpt_min` varchar(30),
    `pwd_cpt_min` varchar(150) NOT NULL,
    `typ_gen_cpt_min` varchar(1) NOT NULL DEFAULT 'P',
    `valid_key_cpt_min` varchar(150) NOT NULL,
    `init_pwd_key_cpt_min` varchar(150),
    `dat_fin_init_pwd_cpt_min` datetime,
    `supann_etu_id_cpt_min` varchar(30),
    `tem_valid_cpt_min` bit(1) NOT NULL,
    `tem_valid_mail_cpt_min` bit(1) NOT NULL,
    `tem_reset_pwd_cpt_min` bit(1) NOT NULL DEFAULT b'0',
    `tem_fc_cpt_min` bit(1) NOT NULL,
    `dat_fin_valid_cpt_min` datetime NOT NULL,
    `dat_cre_cpt_min` datetime NOT NULL,
    PRIMARY KEY (`id_cpt_min`),
    UNIQUE KEY `num_dossier_opi_cpt_min` (`num_dossier_opi_cpt_min`),
    UNIQUE KEY `UK_init_pwd_key_cpt_min` (`init_pwd_key_cpt_min`),
    UNIQUE KEY `UK_valid_key_cpt_min` (`valid_key_cpt_min`),
    KEY `fk_camp_cpt_min_id_camp` (`id_camp`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `droit_fonctionnalite` (
    `cod_fonc` varchar(20) NOT NULL,
    `lib_fonc` varchar(255) NOT NULL,
    `lic_fonc` varchar(50) NOT NULL DEFAULT '',
    `tem_open_com_fonc` bit(1) NOT NULL DEFAULT b'0',
    `order_fonc` int(11) NOT NULL DEFAULT 0,
    `tem_action_cand_fonc` bit(1) NOT NULL DEFAULT b'0',
    PRIMARY KEY (`cod_fonc`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `droit_profil` (
    `id_profil` int(10) NOT NULL AUTO_INCREMENT,
    `cod_profil` varchar(20) NOT NULL,
    `lib_profil` varchar(255) NOT NULL,
    `typ_profil` varchar(1) NOT NULL DEFAULT 'G',
    `tem_updatable` bit(1) NOT NULL,
    `tes_profil` bit(1) NOT NULL,
    `dat_cre_profil` datetime NOT NULL,
    `user_cre_profil` varchar(50) NOT NULL,
    `dat_mod_profil` datetime NOT NULL,
    `user_mod_profil` varchar(50) NOT NULL,
    PRIMARY KEY (`id_profil`),
    UNIQUE KEY `cod_profil` (`cod_profil`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `droit_profil_fonc` (
    `id_profil` int(10) NOT NULL,
    `cod_fonc` varchar(20) NOT NULL,
    `tem_read_only` bit(1) NOT NULL,
    PRIMARY KEY (`id_profil`, `cod_fonc`),
    KEY `fk_droit_profil_fonc_droit_fonctionnalite_cod_fonc` (`cod_fonc`),
    KEY `fk_droit_profil_fonc_droit_profil_id_profil` (`id_profil`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `droit_profil_ind` (
    `id_droit_profil_ind` int(10) NOT NULL AUTO_INCREMENT,
    `login_ind` varchar(50) NOT NULL,
    `id_profil` int(10) NOT NULL,
    PRIMARY KEY (`id_droit_profil_ind`),
    KEY `fk_droit_profil_ind_individu_login_ind` (`login_ind`),
    KEY `fk_droit_user_profil_droit_profil_id_profil` (`id_profil`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `faq` (
    `id_faq` int(10) NOT NULL AUTO_INCREMENT,
    `lib_faq` varchar(50) NOT NULL,
    `id_i18n_question_faq` int(10) NOT NULL,
    `id_i18n_reponse_faq` int(10) NOT NULL,
    `order_faq` int(10) NOT NULL,
    PRIMARY KEY (`id_faq`),
    KEY `fk_faq_i18n_id_i18n_question_faq` (`id_i18n_question_faq`),
    KEY `fk_faq_i18n_id_i18n_reponse_faq` (`id_i18n_reponse_faq`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `fichier` (
    `id_fichier` int(10) NOT NULL AUTO_INCREMENT,
    `cod_fichier` varchar(50) NOT NULL,
    `nom_fichier` varchar(100) NOT NULL,
    `file_fichier` varchar(1000) NOT NULL,
    `typ_fichier` char(1) NOT NULL,
    `typ_stockage_fichier` char(1) NOT NULL,
    `auteur_fichier` varchar(50) NOT NULL,
    `dat_cre_fichier` datetime NOT NULL,
    PRIMARY KEY (`id_fichier`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `fichier_fiabilisation` (
    `id_fichier_fiab` int(10) NOT NULL AUTO_INCREMENT,
    `id_fichier` int(10) NOT NULL,
    `id_pj` int(10),
    `id_cand` int(10),
    `id_comm` int(10),
    `cod_fichier` varchar(50) NOT NULL,
    `nom_fichier` varchar(100) NOT NULL,
    `file_fichier` varchar(1000) NOT NULL,
    `typ_fichier` char(1) NOT NULL,
    `typ_stockage_fichier` char(1) NOT NULL,
    `auteur_fichier` varchar(50) NOT NULL,
    `dat_cre_fichier` datetime NOT NULL,
    `dat_cre_fichier_fiab` datetime NOT NULL,
    PRIMARY KEY (`id_fichier_fiab`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formation` (
    `id_form` int(10) NOT NULL AUTO_INCREMENT,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `id_comm` int(10) NOT NULL,
    `cod_typ_trait` varchar(2) NOT NULL,
    `cod_form` varchar(50) NOT NULL,
    `lib_form` varchar(500) NOT NULL,
    `cod_etp_vet_apo_form` varchar(20),
    `cod_vrs_vet_apo_form` varchar(20),
    `lib_apo_form` varchar(120),
    `cod_dip_apo_form` varchar(20),
    `cod_vrs_vdi_apo_form` varchar(20),
    `lib_dip_apo_form` varchar(120),
    `cod_pegase_form` varchar(50),
    `lib_pegase_form` varchar(500),
    `id_typ_dec_fav` int(10) NOT NULL,
    `tem_list_comp_form` bit(1) NOT NULL,
    `tem_demat_form` bit(1) NOT NULL,
    `id_typ_dec_fav_list_comp` int(10),
    `dat_deb_depot_form` date NOT NULL,
    `dat_fin_depot_form` date NOT NULL,
    `dat_retour_form` date NOT NULL,
    `dat_confirm_form` date,
    `dat_confirm_list_comp_form` date,
    `delai_confirm_form` int(10),
    `delai_confirm_list_comp_form` int(10),
    `dat_publi_form` date,
    `dat_jury_form` date,
    `dat_analyse_form` date,
    `cod_cge` varchar(50),
    `mot_cle_form` varchar(500),
    `url_form` varchar(500),
    `cod_tpd_etb` varchar(50),
    `id_typ_form` int(10),
    `preselect_date_form` date,
    `preselect_heure_form` time,
    `preselect_lieu_form` varchar(100),
    `id_i18n_info_comp_form` int(10),
    `info_comp_form` varchar(500),
    `capacite_form` int(10),
    `tes_form` bit(1) NOT NULL,
    `dat_cre_form` datetime NOT NULL,
    `user_cre_form` varchar(50) NOT NULL,
    `dat_mod_form` datetime NOT NULL,
    `user_mod_form` varchar(50) NOT NULL,
    PRIMARY KEY (`id_form`),
    UNIQUE KEY `cod_form` (`cod_form`),
    KEY `fk_formation_commission_id_comm` (`id_comm`),
    KEY `fk_formation_i18n_id_i18n_info_comp_form` (`id_i18n_info_comp_form`),
    KEY `fk_formation_siscol_centre_gestion_cod_cge` (`cod_cge`, `typ_siscol`),
    KEY `fk_formation_siscol_typ_diplome_cod_tpd_etb` (`cod_tpd_etb`, `typ_siscol`),
    KEY `fk_formation_type_decision_id_typ_dec_fav_form` (`id_typ_dec_fav`),
    KEY `fk_formation_type_decision_id_typ_dec_fav_list_comp` (`id_typ_dec_fav_list_comp`),
    KEY `fk_formation_type_formation_id_typ_form` (`id_typ_form`),
    KEY `fk_formation_type_traitement_cod_typ_trait` (`cod_typ_trait`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formulaire` (
    `id_formulaire` int(10) NOT NULL AUTO_INCREMENT,
    `id_formulaire_limesurvey` int(11) NOT NULL,
    `cod_formulaire` varchar(20) NOT NULL,
    `lib_formulaire` varchar(50) NOT NULL,
    `id_i18n_lib_formulaire` int(10) NOT NULL,
    `id_i18n_url_formulaire` int(10) NOT NULL,
    `tes_formulaire` bit(1) NOT NULL,
    `tem_conditionnel_formulaire` bit(1) NOT NULL,
    `tem_commun_formulaire` bit(1) NOT NULL,
    `id_ctr_cand` int(10),
    `dat_cre_formulaire` datetime NOT NULL,
    `user_cre_formulaire` varchar(50) NOT NULL,
    `dat_mod_formulaire` datetime NOT NULL,
    `user_mod_formulaire` varchar(50) NOT NULL,
    PRIMARY KEY (`id_formulaire`),
    UNIQUE KEY `cod_formulaire` (`cod_formulaire`),
    KEY `fk_centre_candidature_formulaire_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_i18n_formulaire_id18n_lib` (`id_i18n_lib_formulaire`),
    KEY `fk_i18n_formulaire_id18n_url` (`id_i18n_url_formulaire`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formulaire_cand` (
    `id_formulaire` int(10) NOT NULL,
    `id_cand` int(10) NOT NULL,
    `dat_cre_formulaire_cand` datetime NOT NULL,
    `user_cre_formulaire_cand` varchar(50) NOT NULL,
    `dat_mod_formulaire_cand` datetime NOT NULL,
    `user_mod_formulaire_cand` varchar(50) NOT NULL,
    PRIMARY KEY (`id_formulaire`, `id_cand`),
    KEY `fk_formulaire_cand_candidature_id_cand` (`id_cand`),
    KEY `fk_formulaire_cand_formulaire_id_formulaire` (`id_formulaire`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formulaire_candidat` (
    `id_candidat` int(10) NOT NULL,
    `id_formulaire_limesurvey` int(11) NOT NULL,
    `reponses_formulaire_candidat` text,
    `dat_reponse_formulaire_candidat` datetime NOT NULL,
    `dat_cre_formulaire_candidat` datetime NOT NULL,
    `dat_mod_formulaire_candidat` datetime NOT NULL,
    PRIMARY KEY (`id_candidat`, `id_formulaire_limesurvey`),
    KEY `fk_candidat_formulaire_candidat_id_candidat` (`id_candidat`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formulaire_candidature` (
    `id_cand` int(10) NOT NULL,
    `id_formulaire_limesurvey` int(11) NOT NULL,
    `reponses_formulaire_cand` text,
    `dat_reponse_formulaire_cand` datetime NOT NULL,
    `dat_cre_formulaire_cand` datetime NOT NULL,
    `dat_mod_formulaire_cand` datetime NOT NULL,
    PRIMARY KEY (`id_cand`, `id_formulaire_limesurvey`),
    KEY `fk_candidat_formulaire_candidature_id_cand` (`id_cand`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `formulaire_form` (
    `id_formulaire` int(10) NOT NULL,
    `id_form` int(10) NOT NULL,
    PRIMARY KEY (`id_formulaire`, `id_form`),
    KEY `fk_formulaire_formation_pj_id_pj` (`id_formulaire`),
    KEY `fk_formulaire_form_formation_id_form` (`id_form`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `gestionnaire` (
    `id_droit_profil_ind` int(10) NOT NULL,
    `id_ctr_cand` int(10) NOT NULL,
    `login_apo_gest` varchar(20),
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `cod_cge` varchar(3),
    `tem_all_comm_gest` bit(1) NOT NULL,
    `commentaire` varchar(500),
    PRIMARY KEY (`id_droit_profil_ind`),
    KEY `fk_centre_candidature_gestionnaire_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_gestionnaire_cge_cod_cge` (`cod_cge`, `typ_siscol`),
    KEY `fk_gestionnaire_droit_profil_ind_id_droit_profil_ind` (`id_droit_profil_ind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `gestionnaire_commission` (
    `id_droit_profil_ind` int(10) NOT NULL,
    `id_comm` int(10) NOT NULL,
    KEY `commission_gestionnaire_commission_id_comm` (`id_comm`),
    KEY `gestionnaire_gestionnaire_commission_id_droit_profil_ind` (`id_droit_profil_ind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `histo_num_dossier` (
    `num_dossier` varchar(8) NOT NULL,
    `cod_camp` varchar(20) NOT NULL,
    PRIMARY KEY (`num_dossier`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `i18n` (
    `id_i18n` int(10) NOT NULL AUTO_INCREMENT,
    `cod_typ_trad` varchar(20) NOT NULL,
    PRIMARY KEY (`id_i18n`),
    KEY `fk_type_traduction_cod_typ_trad` (`cod_typ_trad`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `i18n_traduction` (
    `id_i18n` int(10) NOT NULL,
    `cod_langue` varchar(5) NOT NULL,
    `val_trad` longtext NOT NULL,
    PRIMARY KEY (`id_i18n`, `cod_langue`),
    KEY `fk_traduction_i18n_id_i18n` (`id_i18n`),
    KEY `fk_traduction_langue_id_langue` (`cod_langue`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `individu` (
    `login_ind` varchar(50) NOT NULL,
    `libelle_ind` varchar(255) NOT NULL,
    `mail_ind` varchar(255),
    `tes_ind` bit(1) DEFAULT b'1',
    PRIMARY KEY (`login_ind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `langue` (
    `cod_langue` varchar(5) NOT NULL,
    `lib_langue` varchar(20) NOT NULL,
    `tem_defaut_langue` bit(1) NOT NULL,
    `tes_langue` bit(1) NOT NULL,
    PRIMARY KEY (`cod_langue`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `load_balancing_reload` (
    `cod_data_lb_reload` varchar(20) NOT NULL,
    `dat_cre_lb_reload` datetime NOT NULL,
    PRIMARY KEY (`cod_data_lb_reload`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `load_balancing_reload_run` (
    `dat_last_check_lb_reload_run` datetime NOT NULL,
    `instance_id_lb_reload_run` varchar(20) NOT NULL,
    PRIMARY KEY (`dat_last_check_lb_reload_run`, `instance_id_lb_reload_run`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `lock_candidat` (
    `num_dossier_opi_cpt_min` varchar(8) NOT NULL,
    `ressource_lock` varchar(40) NOT NULL,
    `ui_id_lock` varchar(500) NOT NULL,
    `instance_id_lock` varchar(20) NOT NULL,
    `dat_lock` datetime NOT NULL,
    PRIMARY KEY (`num_dossier_opi_cpt_min`, `ressource_lock`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `mail` (
    `id_mail` int(10) NOT NULL AUTO_INCREMENT,
    `cod_typ_avis` varchar(2),
    `cod_mail` varchar(30) NOT NULL,
    `lib_mail` varchar(100) NOT NULL,
    `id_ctr_cand` int(10),
    `tem_is_modele_mail` bit(1) NOT NULL,
    `tes_mail` bit(1) NOT NULL,
    `id_i18n_sujet_mail` int(10) NOT NULL,
    `id_i18n_corps_mail` int(10) NOT NULL,
    `dat_cre_mail` datetime NOT NULL,
    `user_cre_mail` varchar(50) NOT NULL,
    `dat_mod_mail` datetime NOT NULL,
    `user_mod_mail` varchar(50) NOT NULL,
    PRIMARY KEY (`id_mail`),
    UNIQUE KEY `cod_mail` (`cod_mail`),
    KEY `fk_mail_centre_candidature_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_mail_i18n_id_i18n_corps_mail` (`id_i18n_corps_mail`),
    KEY `fk_mail_i18n_id_i18n_sujet_mail` (`id_i18n_sujet_mail`),
    KEY `fk_mail_type_avis_cod_typ_avis` (`cod_typ_avis`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `message` (
    `cod_msg` varchar(30) NOT NULL,
    `lib_msg` varchar(50) NOT NULL,
    `id_i18n_val_msg` int(10) NOT NULL,
    `tes_msg` bit(1) NOT NULL,
    `dat_mod_msg` datetime NOT NULL,
    PRIMARY KEY (`cod_msg`),
    KEY `fk_message_i18n_id_i18n` (`id_i18n_val_msg`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `motivation_avis` (
    `id_motiv` int(10) NOT NULL AUTO_INCREMENT,
    `cod_motiv` varchar(20) NOT NULL,
    `lib_motiv` varchar(50) NOT NULL,
    `id_i18n_lib_motiv` int(10) NOT NULL,
    `id_ctr_cand` int(10),
    `tes_motiv` bit(1) NOT NULL,
    `dat_cre_motiv` datetime NOT NULL,
    `user_cre_motiv` varchar(50) NOT NULL,
    `dat_mod_motiv` datetime NOT NULL,
    `user_mod_motiv` varchar(50) NOT NULL,
    PRIMARY KEY (`id_motiv`),
    UNIQUE KEY `cod_motiv` (`cod_motiv`),
    KEY `fk_motivation_avis_centre_candidature_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_motivation_avis_i18n_id_i18n_lib_motiv` (`id_i18n_lib_motiv`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `opi` (
    `id_cand` int(10) NOT NULL,
    `dat_cre_opi` datetime NOT NULL,
    `dat_passage_opi` datetime,
    `cod_opi` varchar(10),
    PRIMARY KEY (`id_cand`),
    KEY `fk_cand_opi_id_cand` (`id_cand`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `parametre` (
    `cod_param` varchar(50) NOT NULL,
    `lib_param` varchar(500) NOT NULL,
    `val_param` varchar(100) NOT NULL,
    `typ_param` varchar(20) NOT NULL,
    `regex_param` varchar(100),
    `tem_scol` bit(1) NOT NULL DEFAULT b'0',
    `tem_affiche` bit(1) NOT NULL DEFAULT b'1',
    PRIMARY KEY (`cod_param`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `piece_justif` (
    `id_pj` int(10) NOT NULL AUTO_INCREMENT,
    `cod_pj` varchar(20) NOT NULL,
    `lib_pj` varchar(50) NOT NULL,
    `tes_pj` bit(1) NOT NULL,
    `id_i18n_lib_pj` int(10) NOT NULL,
    `id_fichier` int(10),
    `tem_commun_pj` bit(1) NOT NULL,
    `tem_unicite_pj` bit(1) NOT NULL,
    `tem_conditionnel_pj` bit(1) NOT NULL,
    `order_pj` int(10),
    `id_ctr_cand` int(10),
    `cod_apo_pj` varchar(50),
    `cod_typ_trait` varchar(2),
    `dat_cre_pj` datetime NOT NULL,
    `user_cre_pj` varchar(50) NOT NULL,
    `dat_mod_pj` datetime NOT NULL,
    `user_mod_pj` varchar(50) NOT NULL,
    PRIMARY KEY (`id_pj`),
    UNIQUE KEY `cod_pj` (`cod_pj`),
    KEY `fk_fichier_piece_justif_id_fichier` (`id_fichier`),
    KEY `fk_piece_justif_ctr_cand_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_piece_justif_i18n_id_i18n_lib_pj` (`id_i18n_lib_pj`),
    KEY `fk_piece_justif_type_traitement_cod_typ_trait` (`cod_typ_trait`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `pj_cand` (
    `id_pj` int(10) NOT NULL,
    `id_cand` int(10) NOT NULL,
    `id_fichier` int(10),
    `cod_typ_statut_piece` varchar(2) NOT NULL,
    `lib_file_pj_cand` varchar(500),
    `comment_pj_cand` varchar(500),
    `dat_cre_pj_cand` datetime NOT NULL,
    `user_cre_pj_cand` varchar(50) NOT NULL,
    `dat_mod_pj_cand` datetime NOT NULL,
    `user_mod_pj_cand` varchar(50) NOT NULL,
    `dat_mod_statut_pj_cand` datetime,
    `user_mod_statut_pj_cand` varchar(50),
    PRIMARY KEY (`id_pj`, `id_cand`),
    KEY `fk_cand_pj_form_cand_pk` (`id_cand`),
    KEY `fk_fichier_pj_cand_id_fichier` (`id_fichier`),
    KEY `fk_pj_cand_pj_id_pj` (`id_pj`),
    KEY `fk_pj_cand_type_statut_piece_cod` (`cod_typ_statut_piece`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `pj_candidat` (
    `id_candidat` int(10) NOT NULL,
    `cod_anu_pj_candidat` varchar(4) NOT NULL,
    `cod_tpj_pj_candidat` varchar(5) NOT NULL,
    `nom_fic_pj_candidat` varchar(30) NOT NULL,
    `dat_exp_pj_candidat` datetime,
    `dat_cre_pj_candidat` datetime NOT NULL,
    PRIMARY KEY (`id_candidat`, `cod_anu_pj_candidat`, `cod_tpj_pj_candidat`),
    KEY `fk_candidat_pj_candidat_id_candidat` (`id_candidat`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `pj_form` (
    `id_pj` int(10) NOT NULL,
    `id_form` int(10) NOT NULL,
    PRIMARY KEY (`id_pj`, `id_form`),
    KEY `fk_pj_form_form_id_form` (`id_form`),
    KEY `fk_pj_form_pj_id_pj` (`id_pj`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `pj_opi` (
    `cod_apo_pj` varchar(5) NOT NULL,
    `cod_opi` varchar(10) NOT NULL,
    `cod_ind_opi` varchar(20),
    `id_candidat` int(10) NOT NULL,
    `id_fichier` int(10) NOT NULL,
    `dat_deversement` datetime,
    PRIMARY KEY (`cod_apo_pj`, `cod_opi`),
    KEY `fk_candidat_opi_pj_id_candidat` (`id_candidat`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `post_it` (
    `id_post_it` int(10) NOT NULL AUTO_INCREMENT,
    `id_cand` int(10) NOT NULL,
    `message_post_it` varchar(255) NOT NULL,
    `user_cre_post_it` varchar(255) NOT NULL,
    `dat_cre_post_it` datetime NOT NULL,
    PRIMARY KEY (`id_post_it`),
    KEY `fk_candidature_post_it_id_candidature` (`id_cand`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `preference_ind` (
    `login_ind` varchar(50) NOT NULL,
    `cand_col_visible_pref` text,
    `cand_col_order_pref` text,
    `cand_col_sort_pref` text,
    `cand_col_frozen_pref` int(2),
    `cand_id_comm_pref` int(10),
    `export_col_pref` text,
    `export_tem_footer_pref` bit(1),
    `id_ctr_cand_pref` int(10),
    `id_comm_pref` int(10),
    PRIMARY KEY (`login_ind`),
    KEY `fk_individu_preference_ind_login_ind` (`login_ind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `question` (
    `id_question` int(10) NOT NULL AUTO_INCREMENT,
    `typ_question` varchar(1) NOT NULL,
    `cod_question` varchar(20) NOT NULL,
    `lib_question` varchar(50) NOT NULL,
    `id_i18n_lib_question` int(10) NOT NULL,
    `tes_question` bit(1) NOT NULL,
    `tem_commun_question` bit(1) NOT NULL,
    `tem_unicite_question` bit(1) NOT NULL,
    `tem_conditionnel_question` bit(1) NOT NULL,
    `id_ctr_cand` int(10),
    `dat_cre_question` datetime NOT NULL,
    `user_cre_question` varchar(50) NOT NULL,
    `dat_mod_question` datetime NOT NULL,
    `user_mod_question` varchar(50) NOT NULL,
    PRIMARY KEY (`id_question`),
    UNIQUE KEY `cod_question` (`cod_question`),
    KEY `fk_centre_candidature_question_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_i18n_question_id18n_lib` (`id_i18n_lib_question`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `question_cand` (
    `id_cand` int(10) NOT NULL,
    `id_question` int(10) NOT NULL,
    `reponse_question_cand` varchar(1000),
    `cod_typ_statut_piece` varchar(2) NOT NULL,
    `dat_cre_question_cand` datetime NOT NULL,
    `user_cre_question_cand` varchar(50) NOT NULL,
    `dat_mod_question_cand` datetime NOT NULL,
    `user_mod_question_cand` varchar(50) NOT NULL,
    PRIMARY KEY (`id_cand`, `id_question`),
    KEY `fk_question_cand_candidature_id_cand` (`id_cand`),
    KEY `fk_question_cand_question_id_question` (`id_question`),
    KEY `fk_question_cand_type_statut_piece_cod` (`cod_typ_statut_piece`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `question_form` (
    `id_question` int(10) NOT NULL,
    `id_form` int(10) NOT NULL,
    PRIMARY KEY (`id_question`, `id_form`),
    KEY `fk_question_form_formation_id_form` (`id_form`),
    KEY `fk_question_form_question_id_question` (`id_question`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_annee_uni` (
    `cod_anu` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `eta_anu_iae` varchar(1) NOT NULL,
    `lib_anu` varchar(500) NOT NULL,
    `lic_anu` varchar(200) NOT NULL,
    PRIMARY KEY (`cod_anu`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_bac_opt_bac` (
    `cod_bac` varchar(50) NOT NULL,
    `cod_opt_bac` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    PRIMARY KEY (`cod_bac`, `cod_opt_bac`, `typ_siscol`),
    KEY `FK_bac_opt_bac_bac_cod_bac` (`cod_bac`, `typ_siscol`),
    KEY `FK_bac_opt_bac_opt_bac_cod_opt_bac` (`cod_opt_bac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_bac_oux_equ` (
    `cod_bac` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_bac` varchar(500) NOT NULL,
    `lic_bac` varchar(200) NOT NULL,
    `daa_deb_vld_bac` varchar(4),
    `daa_fin_vld_bac` varchar(4),
    `tem_en_sve_bac` bit(1) NOT NULL DEFAULT b'0',
    `tem_ctrl_ine_bac` bit(1) NOT NULL DEFAULT b'0',
    `ann_ctrl_ine_bac` varchar(4),
    PRIMARY KEY (`cod_bac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_bac_spe_bac` (
    `cod_bac` varchar(50) NOT NULL,
    `cod_spe_bac` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    PRIMARY KEY (`cod_bac`, `cod_spe_bac`, `typ_siscol`),
    KEY `FK_bac_spe_bac_bac_cod_bac` (`cod_bac`, `typ_siscol`),
    KEY `FK_bac_spe_bac_spe_bac_cod_spe_bac` (`cod_spe_bac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_cat_exo_ext` (
    `cod_cat_exo_ext` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lic_cat_exo_ext` varchar(200) NOT NULL,
    `lib_cat_exo_ext` varchar(500) NOT NULL,
    `tem_en_sve_cat_exo_ext` bit(1) NOT NULL,
    PRIMARY KEY (`cod_cat_exo_ext`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_centre_gestion` (
    `cod_cge` varchar(50) NOT NULL,
    `lib_cge` varchar(500) NOT NULL,
    `lic_cge` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_cge` bit(1) NOT NULL,
    PRIMARY KEY (`cod_cge`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_com_bdi` (
    `cod_com` varchar(50) NOT NULL,
    `cod_bdi` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    PRIMARY KEY (`cod_com`, `cod_bdi`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_commune` (
    `cod_com` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_com` varchar(500) NOT NULL,
    `tem_en_sve_com` bit(1) NOT NULL,
    PRIMARY KEY (`cod_com`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_commune_naiss` (
    `cod_com_naiss` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_com_naiss` varchar(500) NOT NULL,
    `cod_dep` varchar(50) NOT NULL,
    `tem_en_sve_com_naiss` bit(1) NOT NULL,
    PRIMARY KEY (`cod_com_naiss`, `typ_siscol`),
    KEY `fk_siscol_commune_naiss_cod_dep` (`cod_dep`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_departement` (
    `cod_dep` varchar(50) NOT NULL,
    `lib_dep` varchar(500) NOT NULL,
    `lic_dep` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_dep` bit(1) NOT NULL,
    PRIMARY KEY (`cod_dep`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_dip_aut_cur` (
    `cod_dac` varchar(50) NOT NULL,
    `lib_dac` varchar(500) NOT NULL,
    `lic_dac` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_dac` bit(1) NOT NULL,
    PRIMARY KEY (`cod_dac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_etablissement` (
    `cod_etb` varchar(50) NOT NULL,
    `cod_tpe_etb` varchar(20) NOT NULL DEFAULT '00',
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `cod_dep` varchar(50) NOT NULL,
    `cod_com` varchar(50),
    `lib_etb` varchar(500) NOT NULL,
    `lic_etb` varchar(200) NOT NULL,
    `tem_en_sve_etb` bit(1) NOT NULL,
    `lib_web_etb` varchar(500),
    PRIMARY KEY (`cod_etb`, `typ_siscol`),
    KEY `fk_siscol_commune_siscol_etab_cod_com` (`cod_com`, `typ_siscol`),
    KEY `fk_siscol_departement_etab_cod_dep` (`cod_dep`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_mention` (
    `cod_men` varchar(50) NOT NULL,
    `lic_men` varchar(200) NOT NULL,
    `lib_men` varchar(500) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_men` bit(1) NOT NULL,
    PRIMARY KEY (`cod_men`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_mention_niv_bac` (
    `cod_mnb` varchar(50) NOT NULL,
    `lib_mnb` varchar(500) NOT NULL,
    `lic_mnb` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_mnb` bit(1) NOT NULL,
    PRIMARY KEY (`cod_mnb`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_option_bac` (
    `cod_opt_bac` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_opt_bac` varchar(500) NOT NULL,
    `lic_opt_bac` varchar(200) NOT NULL,
    `daa_deb_val_opt_bac` varchar(4),
    `daa_fin_val_opt_bac` varchar(4),
    `tem_en_sve_opt_bac` bit(1) NOT NULL DEFAULT b'0',
    PRIMARY KEY (`cod_opt_bac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_pays` (
    `cod_pay` varchar(50) NOT NULL,
    `lib_pay` varchar(500) NOT NULL,
    `lic_pay` varchar(200) NOT NULL,
    `lib_nat` varchar(500) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_pay` bit(1) NOT NULL,
    PRIMARY KEY (`cod_pay`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_regime` (
    `cod_rgi` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_rgi` varchar(500) NOT NULL,
    `lic_rgi` varchar(200) NOT NULL,
    `tem_en_sve_rgi` bit(1) NOT NULL,
    PRIMARY KEY (`cod_rgi`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_specialite_bac` (
    `cod_spe_bac` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_spe_bac` varchar(500) NOT NULL,
    `lic_spe_bac` varchar(200) NOT NULL,
    `daa_deb_val_spe_bac` varchar(4),
    `daa_fin_val_spe_bac` varchar(4),
    `tem_en_sve_spe_bac` bit(1) NOT NULL DEFAULT b'0',
    PRIMARY KEY (`cod_spe_bac`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_statut` (
    `cod_stu` varchar(50) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `lib_stu` varchar(500) NOT NULL,
    `lic_stu` varchar(200) NOT NULL,
    `tem_en_sve_stu` bit(1) NOT NULL,
    PRIMARY KEY (`cod_stu`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_typ_diplome` (
    `cod_tpd_etb` varchar(50) NOT NULL,
    `lib_tpd` varchar(500) NOT NULL,
    `lic_tpd` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_tpd` bit(1) NOT NULL,
    PRIMARY KEY (`cod_tpd_etb`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_typ_resultat` (
    `cod_tre` varchar(50) NOT NULL,
    `lib_tre` varchar(500) NOT NULL,
    `lic_tre` varchar(200) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `tem_en_sve_tre` bit(1) NOT NULL,
    PRIMARY KEY (`cod_tre`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `siscol_utilisateur` (
    `id_uti` int(10) NOT NULL,
    `typ_siscol` varchar(1) NOT NULL DEFAULT 'D',
    `cod_uti` varchar(30) NOT NULL,
    `cod_cge` varchar(3),
    `lib_cmt_uti` varchar(200),
    `tem_en_sve_uti` bit(1) NOT NULL,
    `adr_mail_uti` varchar(200),
    PRIMARY KEY (`id_uti`, `typ_siscol`),
    KEY `fk_siscol_centre_gestion_utilisateur_cod_cge` (`cod_cge`, `typ_siscol`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `tag` (
    `id_tag` int(10) NOT NULL AUTO_INCREMENT,
    `color_tag` varchar(20) NOT NULL,
    `lib_tag` varchar(255) NOT NULL,
    `id_ctr_cand` int(10),
    `tes_tag` bit(1) NOT NULL,
    PRIMARY KEY (`id_tag`),
    KEY `fk_tag_centre_candidature_id_ctr_cand` (`id_ctr_cand`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `tag_candidature` (
    `id_cand` int(10) NOT NULL,
    `id_tag` int(10) NOT NULL,
    PRIMARY KEY (`id_cand`, `id_tag`),
    KEY `fk_tag_candidature_candidature_id_cand` (`id_cand`),
    KEY `fk_tag_candidature_tag_id_tag` (`id_tag`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_avis` (
    `cod_typ_avis` varchar(2) NOT NULL,
    `libelle_typ_avis` varchar(20) NOT NULL,
    PRIMARY KEY (`cod_typ_avis`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_decision` (
    `id_typ_dec` int(10) NOT NULL AUTO_INCREMENT,
    `cod_typ_avis` varchar(2) NOT NULL,
    `cod_typ_dec` varchar(20) NOT NULL,
    `lib_typ_dec` varchar(50) NOT NULL,
    `id_i18n_lib_typ_dec` int(10) NOT NULL,
    `id_mail` int(10) NOT NULL,
    `id_ctr_cand` int(10),
    `tes_typ_dec` bit(1) NOT NULL,
    `tem_deverse_opi_typ_dec` bit(1) NOT NULL,
    `tem_definitif_typ_dec` bit(1) NOT NULL,
    `tem_model_typ_dec` bit(1) NOT NULL,
    `tem_aff_comment_typ_dec` bit(1) NOT NULL DEFAULT b'1',
    `dat_cre_typ_dec` datetime NOT NULL,
    `user_cre_typ_dec` varchar(50) NOT NULL,
    `dat_mod_typ_dec` datetime NOT NULL,
    `user_mod_typ_dec` varchar(50) NOT NULL,
    PRIMARY KEY (`id_typ_dec`),
    UNIQUE KEY `cod_typ_dec` (`cod_typ_dec`),
    KEY `fk_type_decision_centre_candidature_id_ctr_cand` (`id_ctr_cand`),
    KEY `fk_type_decision_i18n_id_i18n_lib_typ_dec` (`id_i18n_lib_typ_dec`),
    KEY `fk_type_decision_mail_id_mail` (`id_mail`),
    KEY `fk_type_decision_type_avis_cod_typ_avis` (`cod_typ_avis`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_decision_candidature` (
    `id_type_dec_cand` int(10) NOT NULL AUTO_INCREMENT,
    `id_cand` int(10) NOT NULL,
    `id_typ_dec` int(10) NOT NULL,
    `id_motiv` int(10),
    `list_comp_rang_typ_dec_cand` int(10),
    `list_comp_rang_reel_typ_dec_cand` int(10),
    `comment_type_dec_cand` varchar(1000),
    `preselect_date_type_dec_cand` date,
    `preselect_heure_type_dec_cand` time,
    `preselect_lieu_type_dec_cand` varchar(100),
    `tem_appel_type_dec_cand` bit(1) NOT NULL,
    `dat_cre_type_dec_cand` datetime NOT NULL,
    `user_cre_type_dec_cand` varchar(50) NOT NULL,
    `tem_valid_type_dec_cand` bit(1) NOT NULL,
    `dat_valid_type_dec_cand` datetime,
    `user_valid_type_dec_cand` varchar(50),
    PRIMARY KEY (`id_type_dec_cand`),
    KEY `fk_typ_dec_cand_candidature_id_cand` (`id_cand`),
    KEY `fk_typ_dec_cand_motivation_avis_id_motiv` (`id_motiv`),
    KEY `fk_typ_dec_cand_typ_dec_id_typ_dec` (`id_typ_dec`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_formation` (
    `id_typ_form` int(10) NOT NULL AUTO_INCREMENT,
    `cod_typ_form` varchar(20) NOT NULL,
    `lib_typ_form` varchar(50) NOT NULL,
    `tes_typ_form` bit(1) NOT NULL,
    `dat_cre_typ_form` datetime NOT NULL,
    `user_cre_typ_form` varchar(50) NOT NULL,
    `dat_mod_typ_form` datetime NOT NULL,
    `user_mod_typ_form` varchar(50) NOT NULL,
    PRIMARY KEY (`id_typ_form`),
    UNIQUE KEY `cod_typ_form` (`cod_typ_form`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_statut` (
    `cod_typ_statut` varchar(2) NOT NULL,
    `lib_typ_statut` varchar(20) NOT NULL,
    `id_i18n_lib_typ_statut` int(10) NOT NULL,
    `tem_comm_visible` bit(1) NOT NULL DEFAULT b'1',
    `dat_mod_typ_statut` datetime,
    PRIMARY KEY (`cod_typ_statut`),
    KEY `fk_type_statut_i18n_id_i18n_lib_typ_statut` (`id_i18n_lib_typ_statut`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_statut_piece` (
    `cod_typ_statut_piece` varchar(2) NOT NULL,
    `lib_typ_statut_piece` varchar(20) NOT NULL,
    `id_i18n_lib_typ_statut_piece` int(10) NOT NULL,
    `dat_mod_typ_statut_piece` datetime,
    PRIMARY KEY (`cod_typ_statut_piece`),
    KEY `fk_type_statut_piece_i18n_id_i18n_lib_typ_statut_piece` (`id_i18n_lib_typ_statut_piece`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_traduction` (
    `cod_typ_trad` varchar(20) NOT NULL,
    `lib_typ_trad` varchar(30) NOT NULL,
    `length_typ_trad` int(10) NOT NULL,
    PRIMARY KEY (`cod_typ_trad`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `type_traitement` (
    `cod_typ_trait` varchar(2) NOT NULL,
    `lib_typ_trait` varchar(20) NOT NULL,
    `tem_final_typ_trait` bit(1) NOT NULL,
    `id_i18n_lib_typ_trait` int(10) NOT NULL,
    `dat_mod_typ_trait` datetime,
    PRIMARY KEY (`cod_typ_trait`),
    KEY `fk_type_trait_i18n_id_i18n_lib_typ_trait` (`id_i18n_lib_typ_trait`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `version` (
    `cod_version` varchar(20) NOT NULL,
    `val_version` varchar(100) NOT NULL,
    `dat_version` datetime NOT NULL,
    PRIMARY KEY (`cod_version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

ALTER TABLE `adresse` ADD CONSTRAINT `fk_adresse_siscol_commune_cod_com` FOREIGN KEY (`cod_com`, `typ_siscol`) REFERENCES `siscol_commune` (`cod_com`, `typ_siscol`);
ALTER TABLE `adresse` ADD CONSTRAINT `fk_adresse_siscol_pays_cod_pay` FOREIGN KEY (`cod_pay`, `typ_siscol`) REFERENCES `siscol_pays` (`cod_pay`, `typ_siscol`);
ALTER TABLE `batch_histo` ADD CONSTRAINT `fk_batch_histo_batch_cod_batch` FOREIGN KEY (`cod_batch`) REFERENCES `batch` (`cod_batch`);
ALTER TABLE `campagne` ADD CONSTRAINT `campagne_id_camp_id_camp` FOREIGN KEY (`archiv_id_camp`) REFERENCES `campagne` (`id_camp`);
ALTER TABLE `campagne` ADD CONSTRAINT `fk_campagne_i18n_id_i18n_id_i18n_libelle_campagne` FOREIGN KEY (`id_i18n_libelle_campagne`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_adresse_id_adr` FOREIGN KEY (`id_adr`) REFERENCES `adresse` (`id_adr`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_langue_id_langue` FOREIGN KEY (`cod_langue`) REFERENCES `langue` (`cod_langue`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_siscol_com_naiss_cod_com` FOREIGN KEY (`cod_com_naiss_candidat`, `typ_siscol`) REFERENCES `siscol_commune_naiss` (`cod_com_naiss`, `typ_siscol`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_siscol_pays_cod_pays_naiss` FOREIGN KEY (`cod_pay_naiss`, `typ_siscol`) REFERENCES `siscol_pays` (`cod_pay`, `typ_siscol`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_siscol_pays_cod_pay_nat` FOREIGN KEY (`cod_pay_nat`, `typ_siscol`) REFERENCES `siscol_pays` (`cod_pay`, `typ_siscol`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_siscol_regime_cod_rgi` FOREIGN KEY (`cod_rgi`, `typ_siscol`) REFERENCES `siscol_regime` (`cod_rgi`, `typ_siscol`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_candidat_siscol_statut_cod_stu` FOREIGN KEY (`cod_stu`, `typ_siscol`) REFERENCES `siscol_statut` (`cod_stu`, `typ_siscol`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_civilite_candidat_cod_civ` FOREIGN KEY (`cod_civ`) REFERENCES `civilite` (`cod_civ`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_compte_minima_candidat_id_cpt_min` FOREIGN KEY (`id_cpt_min`) REFERENCES `compte_minima` (`id_cpt_min`);
ALTER TABLE `candidat` ADD CONSTRAINT `fk_siscol_departement_cod_dep_cod_dep_naiss` FOREIGN KEY (`cod_dep_naiss_candidat`, `typ_siscol`) REFERENCES `siscol_departement` (`cod_dep`, `typ_siscol`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_formation_id_form` FOREIGN KEY (`id_form`) REFERENCES `formation` (`id_form`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_sicol_cat_exo_ext` FOREIGN KEY (`cod_cat_exo_ext`, `typ_siscol`) REFERENCES `siscol_cat_exo_ext` (`cod_cat_exo_ext`, `typ_siscol`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_siscol_regime` FOREIGN KEY (`cod_rgi`) REFERENCES `siscol_regime` (`cod_rgi`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_type_statut_cod_typ_statut` FOREIGN KEY (`cod_typ_statut`) REFERENCES `type_statut` (`cod_typ_statut`);
ALTER TABLE `candidature` ADD CONSTRAINT `fk_candidature_type_traitement_cod_typ_trait` FOREIGN KEY (`cod_typ_trait`) REFERENCES `type_traitement` (`cod_typ_trait`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_bac_ou_equ_cod_bac` FOREIGN KEY (`cod_bac`, `typ_siscol`) REFERENCES `siscol_bac_oux_equ` (`cod_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_commune_cod_com` FOREIGN KEY (`cod_com`, `typ_siscol`) REFERENCES `siscol_commune` (`cod_com`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_departement_cod_dep` FOREIGN KEY (`cod_dep`, `typ_siscol`) REFERENCES `siscol_departement` (`cod_dep`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_etablissement_cod_etb` FOREIGN KEY (`cod_etb`, `typ_siscol`) REFERENCES `siscol_etablissement` (`cod_etb`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_mention_niv_bac_cod_mnb` FOREIGN KEY (`cod_mnb`, `typ_siscol`) REFERENCES `siscol_mention_niv_bac` (`cod_mnb`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_option_bac_cod_opt1_bac` FOREIGN KEY (`cod_opt1_bac`, `typ_siscol`) REFERENCES `siscol_option_bac` (`cod_opt_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_option_bac_cod_opt2_bac` FOREIGN KEY (`cod_opt2_bac`, `typ_siscol`) REFERENCES `siscol_option_bac` (`cod_opt_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_option_bac_cod_opt3_bac` FOREIGN KEY (`cod_opt3_bac`, `typ_siscol`) REFERENCES `siscol_option_bac` (`cod_opt_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_option_bac_cod_opt4_bac` FOREIGN KEY (`cod_opt4_bac`, `typ_siscol`) REFERENCES `siscol_option_bac` (`cod_opt_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_pays_cod_pay` FOREIGN KEY (`cod_pay`, `typ_siscol`) REFERENCES `siscol_pays` (`cod_pay`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_specialite_bac_cod_spe1_bac_ter` FOREIGN KEY (`cod_spe1_bac_ter`, `typ_siscol`) REFERENCES `siscol_specialite_bac` (`cod_spe_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_specialite_bac_cod_spe2_bac_ter` FOREIGN KEY (`cod_spe2_bac_ter`, `typ_siscol`) REFERENCES `siscol_specialite_bac` (`cod_spe_bac`, `typ_siscol`);
ALTER TABLE `candidat_bac_ou_equ` ADD CONSTRAINT `fk_bac_ou_equ_siscol_specialite_bac_cod_spe_bac_pre` FOREIGN KEY (`cod_spe_bac_pre`, `typ_siscol`) REFERENCES `siscol_specialite_bac` (`cod_spe_bac`, `typ_siscol`);
ALTER TABLE `candidat_cursus_interne` ADD CONSTRAINT `fk_candidat_cursus_interne_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `candidat_cursus_interne` ADD CONSTRAINT `fk_siscol_mention_cursus_interne_cod_men` FOREIGN KEY (`cod_men_cursus_interne`, `typ_siscol`) REFERENCES `siscol_mention` (`cod_men`, `typ_siscol`);
ALTER TABLE `candidat_cursus_interne` ADD CONSTRAINT `fk_siscol_typ_resultat_candidat_cursus_interne_cod_tre` FOREIGN KEY (`cod_tre_cursus_interne`, `typ_siscol`) REFERENCES `siscol_typ_resultat` (`cod_tre`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_post_bac_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_commune_cod_com` FOREIGN KEY (`cod_com`, `typ_siscol`) REFERENCES `siscol_commune` (`cod_com`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_departement_cod_dep` FOREIGN KEY (`cod_dep`, `typ_siscol`) REFERENCES `siscol_departement` (`cod_dep`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_dip_aut_cur_cod_dac` FOREIGN KEY (`cod_dac`, `typ_siscol`) REFERENCES `siscol_dip_aut_cur` (`cod_dac`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_etablissement_cod_etb` FOREIGN KEY (`cod_etb`, `typ_siscol`) REFERENCES `siscol_etablissement` (`cod_etb`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_mention_cod_men` FOREIGN KEY (`cod_men`, `typ_siscol`) REFERENCES `siscol_mention` (`cod_men`, `typ_siscol`);
ALTER TABLE `candidat_cursus_post_bac` ADD CONSTRAINT `fk_cursus_siscol_pays_cod_pay` FOREIGN KEY (`cod_pay`, `typ_siscol`) REFERENCES `siscol_pays` (`cod_pay`, `typ_siscol`);
ALTER TABLE `candidat_cursus_pro` ADD CONSTRAINT `fk_cursus_pro_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `candidat_stage` ADD CONSTRAINT `fk_candidat_stage_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `centre_candidature` ADD CONSTRAINT `fk_centre_candidature_typ_decision_id_typ_dec_fav` FOREIGN KEY (`id_typ_dec_fav`) REFERENCES `type_decision` (`id_typ_dec`);
ALTER TABLE `centre_candidature` ADD CONSTRAINT `fk_centre_candidature_typ_decision_id_typ_dec_fav_list_comp` FOREIGN KEY (`id_typ_dec_fav_list_comp`) REFERENCES `type_decision` (`id_typ_dec`);
ALTER TABLE `commission` ADD CONSTRAINT `fk_commission_adresse_id_adr` FOREIGN KEY (`id_adr`) REFERENCES `adresse` (`id_adr`);
ALTER TABLE `commission` ADD CONSTRAINT `fk_commission_centre_candidature_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `commission` ADD CONSTRAINT `fk_commission_i18n_id_i18n_comment_retour_comm` FOREIGN KEY (`id_i18n_comment_retour_comm`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `commission` ADD CONSTRAINT `fk_fichier_commission_id_fichier` FOREIGN KEY (`id_fichier`) REFERENCES `fichier` (`id_fichier`);
ALTER TABLE `commission_membre` ADD CONSTRAINT `fk_commission_membre_commission_id_comm` FOREIGN KEY (`id_comm`) REFERENCES `commission` (`id_comm`);
ALTER TABLE `commission_membre` ADD CONSTRAINT `fk_droit_profil_ind_commission_membre_id_droit_profil_ind` FOREIGN KEY (`id_droit_profil_ind`) REFERENCES `droit_profil_ind` (`id_droit_profil_ind`);
ALTER TABLE `compte_minima` ADD CONSTRAINT `fk_camp_cpt_min_id_camp` FOREIGN KEY (`id_camp`) REFERENCES `campagne` (`id_camp`);
ALTER TABLE `droit_profil_fonc` ADD CONSTRAINT `fk_droit_profil_fonc_droit_fonctionnalite_cod_fonc` FOREIGN KEY (`cod_fonc`) REFERENCES `droit_fonctionnalite` (`cod_fonc`);
ALTER TABLE `droit_profil_fonc` ADD CONSTRAINT `fk_droit_profil_fonc_droit_profil_id_profil` FOREIGN KEY (`id_profil`) REFERENCES `droit_profil` (`id_profil`);
ALTER TABLE `droit_profil_ind` ADD CONSTRAINT `fk_droit_profil_ind_individu_login_ind` FOREIGN KEY (`login_ind`) REFERENCES `individu` (`login_ind`);
ALTER TABLE `droit_profil_ind` ADD CONSTRAINT `fk_droit_user_profil_droit_profil_id_profil` FOREIGN KEY (`id_profil`) REFERENCES `droit_profil` (`id_profil`);
ALTER TABLE `faq` ADD CONSTRAINT `fk_faq_i18n_id_i18n_question_faq` FOREIGN KEY (`id_i18n_question_faq`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `faq` ADD CONSTRAINT `fk_faq_i18n_id_i18n_reponse_faq` FOREIGN KEY (`id_i18n_reponse_faq`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_commission_id_comm` FOREIGN KEY (`id_comm`) REFERENCES `commission` (`id_comm`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_i18n_id_i18n_info_comp_form` FOREIGN KEY (`id_i18n_info_comp_form`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_siscol_centre_gestion_cod_cge` FOREIGN KEY (`cod_cge`, `typ_siscol`) REFERENCES `siscol_centre_gestion` (`cod_cge`, `typ_siscol`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_siscol_typ_diplome_cod_tpd_etb` FOREIGN KEY (`cod_tpd_etb`, `typ_siscol`) REFERENCES `siscol_typ_diplome` (`cod_tpd_etb`, `typ_siscol`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_type_decision_id_typ_dec_fav_form` FOREIGN KEY (`id_typ_dec_fav`) REFERENCES `type_decision` (`id_typ_dec`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_type_decision_id_typ_dec_fav_list_comp` FOREIGN KEY (`id_typ_dec_fav_list_comp`) REFERENCES `type_decision` (`id_typ_dec`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_type_formation_id_typ_form` FOREIGN KEY (`id_typ_form`) REFERENCES `type_formation` (`id_typ_form`);
ALTER TABLE `formation` ADD CONSTRAINT `fk_formation_type_traitement_cod_typ_trait` FOREIGN KEY (`cod_typ_trait`) REFERENCES `type_traitement` (`cod_typ_trait`);
ALTER TABLE `formulaire` ADD CONSTRAINT `fk_centre_candidature_formulaire_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `formulaire` ADD CONSTRAINT `fk_i18n_formulaire_id18n_lib` FOREIGN KEY (`id_i18n_lib_formulaire`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `formulaire` ADD CONSTRAINT `fk_i18n_formulaire_id18n_url` FOREIGN KEY (`id_i18n_url_formulaire`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `formulaire_cand` ADD CONSTRAINT `fk_formulaire_cand_candidature_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `formulaire_cand` ADD CONSTRAINT `fk_formulaire_cand_formulaire_id_formulaire` FOREIGN KEY (`id_formulaire`) REFERENCES `formulaire` (`id_formulaire`);
ALTER TABLE `formulaire_candidat` ADD CONSTRAINT `fk_candidat_formulaire_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `formulaire_candidature` ADD CONSTRAINT `fk_candidat_formulaire_candidature_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `formulaire_form` ADD CONSTRAINT `fk_formulaire_formation_pj_id_pj` FOREIGN KEY (`id_formulaire`) REFERENCES `formulaire` (`id_formulaire`);
ALTER TABLE `formulaire_form` ADD CONSTRAINT `fk_formulaire_form_formation_id_form` FOREIGN KEY (`id_form`) REFERENCES `formation` (`id_form`);
ALTER TABLE `gestionnaire` ADD CONSTRAINT `fk_centre_candidature_gestionnaire_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `gestionnaire` ADD CONSTRAINT `fk_gestionnaire_cge_cod_cge` FOREIGN KEY (`cod_cge`, `typ_siscol`) REFERENCES `siscol_centre_gestion` (`cod_cge`, `typ_siscol`);
ALTER TABLE `gestionnaire` ADD CONSTRAINT `fk_gestionnaire_droit_profil_ind_id_droit_profil_ind` FOREIGN KEY (`id_droit_profil_ind`) REFERENCES `droit_profil_ind` (`id_droit_profil_ind`);
ALTER TABLE `gestionnaire_commission` ADD CONSTRAINT `commission_gestionnaire_commission_id_comm` FOREIGN KEY (`id_comm`) REFERENCES `commission` (`id_comm`);
ALTER TABLE `gestionnaire_commission` ADD CONSTRAINT `gestionnaire_gestionnaire_commission_id_droit_profil_ind` FOREIGN KEY (`id_droit_profil_ind`) REFERENCES `gestionnaire` (`id_droit_profil_ind`);
ALTER TABLE `i18n` ADD CONSTRAINT `fk_type_traduction_cod_typ_trad` FOREIGN KEY (`cod_typ_trad`) REFERENCES `type_traduction` (`cod_typ_trad`);
ALTER TABLE `i18n_traduction` ADD CONSTRAINT `fk_traduction_i18n_id_i18n` FOREIGN KEY (`id_i18n`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `i18n_traduction` ADD CONSTRAINT `fk_traduction_langue_id_langue` FOREIGN KEY (`cod_langue`) REFERENCES `langue` (`cod_langue`);
ALTER TABLE `mail` ADD CONSTRAINT `fk_mail_centre_candidature_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `mail` ADD CONSTRAINT `fk_mail_i18n_id_i18n_corps_mail` FOREIGN KEY (`id_i18n_corps_mail`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `mail` ADD CONSTRAINT `fk_mail_i18n_id_i18n_sujet_mail` FOREIGN KEY (`id_i18n_sujet_mail`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `mail` ADD CONSTRAINT `fk_mail_type_avis_cod_typ_avis` FOREIGN KEY (`cod_typ_avis`) REFERENCES `type_avis` (`cod_typ_avis`);
ALTER TABLE `message` ADD CONSTRAINT `fk_message_i18n_id_i18n` FOREIGN KEY (`id_i18n_val_msg`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `motivation_avis` ADD CONSTRAINT `fk_motivation_avis_centre_candidature_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `motivation_avis` ADD CONSTRAINT `fk_motivation_avis_i18n_id_i18n_lib_motiv` FOREIGN KEY (`id_i18n_lib_motiv`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `opi` ADD CONSTRAINT `fk_cand_opi_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `piece_justif` ADD CONSTRAINT `fk_fichier_piece_justif_id_fichier` FOREIGN KEY (`id_fichier`) REFERENCES `fichier` (`id_fichier`);
ALTER TABLE `piece_justif` ADD CONSTRAINT `fk_piece_justif_ctr_cand_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `piece_justif` ADD CONSTRAINT `fk_piece_justif_i18n_id_i18n_lib_pj` FOREIGN KEY (`id_i18n_lib_pj`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `piece_justif` ADD CONSTRAINT `fk_piece_justif_type_traitement_cod_typ_trait` FOREIGN KEY (`cod_typ_trait`) REFERENCES `type_traitement` (`cod_typ_trait`);
ALTER TABLE `pj_cand` ADD CONSTRAINT `fk_cand_pj_form_cand_pk` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `pj_cand` ADD CONSTRAINT `fk_fichier_pj_cand_id_fichier` FOREIGN KEY (`id_fichier`) REFERENCES `fichier` (`id_fichier`);
ALTER TABLE `pj_cand` ADD CONSTRAINT `fk_pj_cand_pj_id_pj` FOREIGN KEY (`id_pj`) REFERENCES `piece_justif` (`id_pj`);
ALTER TABLE `pj_cand` ADD CONSTRAINT `fk_pj_cand_type_statut_piece_cod` FOREIGN KEY (`cod_typ_statut_piece`) REFERENCES `type_statut_piece` (`cod_typ_statut_piece`);
ALTER TABLE `pj_candidat` ADD CONSTRAINT `fk_candidat_pj_candidat_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `pj_form` ADD CONSTRAINT `fk_pj_form_form_id_form` FOREIGN KEY (`id_form`) REFERENCES `formation` (`id_form`);
ALTER TABLE `pj_form` ADD CONSTRAINT `fk_pj_form_pj_id_pj` FOREIGN KEY (`id_pj`) REFERENCES `piece_justif` (`id_pj`);
ALTER TABLE `pj_opi` ADD CONSTRAINT `fk_candidat_opi_pj_id_candidat` FOREIGN KEY (`id_candidat`) REFERENCES `candidat` (`id_candidat`);
ALTER TABLE `post_it` ADD CONSTRAINT `fk_candidature_post_it_id_candidature` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `preference_ind` ADD CONSTRAINT `fk_individu_preference_ind_login_ind` FOREIGN KEY (`login_ind`) REFERENCES `individu` (`login_ind`);
ALTER TABLE `question` ADD CONSTRAINT `fk_centre_candidature_question_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `question` ADD CONSTRAINT `fk_i18n_question_id18n_lib` FOREIGN KEY (`id_i18n_lib_question`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `question_cand` ADD CONSTRAINT `fk_question_cand_candidature_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `question_cand` ADD CONSTRAINT `fk_question_cand_question_id_question` FOREIGN KEY (`id_question`) REFERENCES `question` (`id_question`);
ALTER TABLE `question_cand` ADD CONSTRAINT `fk_question_cand_type_statut_piece_cod` FOREIGN KEY (`cod_typ_statut_piece`) REFERENCES `type_statut_piece` (`cod_typ_statut_piece`);
ALTER TABLE `question_form` ADD CONSTRAINT `fk_question_form_formation_id_form` FOREIGN KEY (`id_form`) REFERENCES `formation` (`id_form`);
ALTER TABLE `question_form` ADD CONSTRAINT `fk_question_form_question_id_question` FOREIGN KEY (`id_question`) REFERENCES `question` (`id_question`);
ALTER TABLE `siscol_bac_opt_bac` ADD CONSTRAINT `FK_bac_opt_bac_bac_cod_bac` FOREIGN KEY (`cod_bac`, `typ_siscol`) REFERENCES `siscol_bac_oux_equ` (`cod_bac`, `typ_siscol`);
ALTER TABLE `siscol_bac_opt_bac` ADD CONSTRAINT `FK_bac_opt_bac_opt_bac_cod_opt_bac` FOREIGN KEY (`cod_opt_bac`, `typ_siscol`) REFERENCES `siscol_option_bac` (`cod_opt_bac`, `typ_siscol`);
ALTER TABLE `siscol_bac_spe_bac` ADD CONSTRAINT `FK_bac_spe_bac_bac_cod_bac` FOREIGN KEY (`cod_bac`, `typ_siscol`) REFERENCES `siscol_bac_oux_equ` (`cod_bac`, `typ_siscol`);
ALTER TABLE `siscol_bac_spe_bac` ADD CONSTRAINT `FK_bac_spe_bac_spe_bac_cod_spe_bac` FOREIGN KEY (`cod_spe_bac`, `typ_siscol`) REFERENCES `siscol_specialite_bac` (`cod_spe_bac`, `typ_siscol`);
ALTER TABLE `siscol_commune_naiss` ADD CONSTRAINT `fk_siscol_commune_naiss_cod_dep` FOREIGN KEY (`cod_dep`, `typ_siscol`) REFERENCES `siscol_departement` (`cod_dep`, `typ_siscol`);
ALTER TABLE `siscol_etablissement` ADD CONSTRAINT `fk_siscol_commune_siscol_etab_cod_com` FOREIGN KEY (`cod_com`, `typ_siscol`) REFERENCES `siscol_commune` (`cod_com`, `typ_siscol`);
ALTER TABLE `siscol_etablissement` ADD CONSTRAINT `fk_siscol_departement_etab_cod_dep` FOREIGN KEY (`cod_dep`, `typ_siscol`) REFERENCES `siscol_departement` (`cod_dep`, `typ_siscol`);
ALTER TABLE `siscol_utilisateur` ADD CONSTRAINT `fk_siscol_centre_gestion_utilisateur_cod_cge` FOREIGN KEY (`cod_cge`, `typ_siscol`) REFERENCES `siscol_centre_gestion` (`cod_cge`, `typ_siscol`);
ALTER TABLE `tag` ADD CONSTRAINT `fk_tag_centre_candidature_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `tag_candidature` ADD CONSTRAINT `fk_tag_candidature_candidature_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `tag_candidature` ADD CONSTRAINT `fk_tag_candidature_tag_id_tag` FOREIGN KEY (`id_tag`) REFERENCES `tag` (`id_tag`);
ALTER TABLE `type_decision` ADD CONSTRAINT `fk_type_decision_centre_candidature_id_ctr_cand` FOREIGN KEY (`id_ctr_cand`) REFERENCES `centre_candidature` (`id_ctr_cand`);
ALTER TABLE `type_decision` ADD CONSTRAINT `fk_type_decision_i18n_id_i18n_lib_typ_dec` FOREIGN KEY (`id_i18n_lib_typ_dec`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `type_decision` ADD CONSTRAINT `fk_type_decision_mail_id_mail` FOREIGN KEY (`id_mail`) REFERENCES `mail` (`id_mail`);
ALTER TABLE `type_decision` ADD CONSTRAINT `fk_type_decision_type_avis_cod_typ_avis` FOREIGN KEY (`cod_typ_avis`) REFERENCES `type_avis` (`cod_typ_avis`);
ALTER TABLE `type_decision_candidature` ADD CONSTRAINT `fk_typ_dec_cand_candidature_id_cand` FOREIGN KEY (`id_cand`) REFERENCES `candidature` (`id_cand`);
ALTER TABLE `type_decision_candidature` ADD CONSTRAINT `fk_typ_dec_cand_motivation_avis_id_motiv` FOREIGN KEY (`id_motiv`) REFERENCES `motivation_avis` (`id_motiv`);
ALTER TABLE `type_decision_candidature` ADD CONSTRAINT `fk_typ_dec_cand_typ_dec_id_typ_dec` FOREIGN KEY (`id_typ_dec`) REFERENCES `type_decision` (`id_typ_dec`);
ALTER TABLE `type_statut` ADD CONSTRAINT `fk_type_statut_i18n_id_i18n_lib_typ_statut` FOREIGN KEY (`id_i18n_lib_typ_statut`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `type_statut_piece` ADD CONSTRAINT `fk_type_statut_piece_i18n_id_i18n_lib_typ_statut_piece` FOREIGN KEY (`id_i18n_lib_typ_statut_piece`) REFERENCES `i18n` (`id_i18n`);
ALTER TABLE `type_traitement` ADD CONSTRAINT `fk_type_trait_i18n_id_i18n_lib_typ_trait` FOREIGN KEY (`id_i18n_lib_typ_trait`) REFERENCES `i18n` (`id_i18n`);
