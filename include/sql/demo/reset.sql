-- BATCH_DEMO, step 1: empty every application table (not the migration history). TRUNCATE is
-- transactional in PostgreSQL: with the reload below in the same transaction, a failure keeps the
-- previous data. RESTART IDENTITY gives the demo rows the same ids on every reset.
TRUNCATE
    pj_opi, pj_candidat, pj_cand, commission, piece_justif, fichier_fiabilisation, fichier,
    formulaire_candidature, formulaire_candidat, formulaire_cand, formulaire,
    post_it, question_cand, question, tag_candidature, tag,
    type_decision_candidature, type_decision, type_avis, opi, candidature, formation,
    candidat_stage, candidat_cursus_pro, candidat_cursus_interne, candidat_cursus_post_bac,
    candidat_bac_ou_equ, candidat, adresse, histo_num_dossier, compte_minima, campagne,
    individu, load_balancing_reload, parametre, version,
    siscol_utilisateur, siscol_annee_uni, siscol_com_bdi, siscol_bac_spe_bac, siscol_bac_opt_bac,
    siscol_etablissement, siscol_commune_naiss, siscol_mention_niv_bac, siscol_typ_resultat,
    siscol_typ_diplome, siscol_pays, siscol_dip_aut_cur, siscol_commune, siscol_departement,
    siscol_centre_gestion, siscol_mention, siscol_specialite_bac, siscol_option_bac,
    siscol_bac_oux_equ, siscol_cat_exo_ext, siscol_statut, siscol_regime
RESTART IDENTITY;
