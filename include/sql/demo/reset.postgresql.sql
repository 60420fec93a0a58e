-- BATCH_DEMO, step 1: empty every application table of eCandidat's schema but its own batch tables
-- (batch, batch_histo, batch_run: eCandidat's BATCH_DEMO keeps them too) and this package's migration
-- history. TRUNCATE is transactional in PostgreSQL: with the reload in the same transaction, a failure
-- keeps the previous data. RESTART IDENTITY gives the demo rows the same ids on every reset.
-- Pair of this file: reset.mariadb.sql.
TRUNCATE
    adresse, alert_sva, campagne, candidat, candidat_bac_ou_equ, candidat_cursus_interne,
    candidat_cursus_post_bac, candidat_cursus_pro, candidat_stage, candidature, centre_candidature,
    civilite, commission, commission_membre, compte_minima, droit_fonctionnalite, droit_profil,
    droit_profil_fonc, droit_profil_ind, faq, fichier, fichier_fiabilisation, formation,
    formulaire, formulaire_cand, formulaire_candidat, formulaire_candidature, formulaire_form,
    gestionnaire, gestionnaire_commission, histo_num_dossier, i18n, i18n_traduction, individu,
    langue, load_balancing_reload, load_balancing_reload_run, lock_candidat, mail, message,
    motivation_avis, opi, parametre, piece_justif, pj_cand, pj_candidat, pj_form, pj_opi, post_it,
    preference_ind, question, question_cand, question_form, siscol_annee_uni, siscol_bac_opt_bac,
    siscol_bac_oux_equ, siscol_bac_spe_bac, siscol_cat_exo_ext, siscol_centre_gestion,
    siscol_com_bdi, siscol_commune, siscol_commune_naiss, siscol_departement, siscol_dip_aut_cur,
    siscol_etablissement, siscol_mention, siscol_mention_niv_bac, siscol_option_bac, siscol_pays,
    siscol_regime, siscol_specialite_bac, siscol_statut, siscol_typ_diplome, siscol_typ_resultat,
    siscol_utilisateur, tag, tag_candidature, type_avis, type_decision, type_decision_candidature,
    type_formation, type_statut, type_statut_piece, type_traduction, type_traitement, version
RESTART IDENTITY;
