-- What eCandidat's candidature mails show (MailController.getCandidatureMailBean) and who gets them,
-- for the candidatures of tmp_mail_ids: the candidate, the formation, its commission (and its address), its centre's
-- BCC rule, the file's dates and amounts, the latest decision (for the confirmation deadline), the
-- mail of the decision type promoted to, and the texts in the candidate's and the default language.
SELECT
    c.id_cand,
    m.mail_perso_cpt_min,
    ca.cod_langue,
    ca.cod_civ,
    m.num_dossier_opi_cpt_min,
    ca.nom_pat_candidat,
    ca.nom_usu_candidat,
    ca.prenom_candidat,
    ca.autre_pren_candidat,
    ca.ine_candidat,
    ca.cle_ine_candidat,
    ca.dat_naiss_candidat,
    ca.lib_ville_naiss_candidat,
    l.lib_langue,
    ca.tel_candidat,
    ca.tel_port_candidat,
    f.cod_form,
    f.lib_form,
    f.cod_etp_vet_apo_form,
    f.cod_vrs_vet_apo_form,
    f.lib_apo_form,
    f.mot_cle_form,
    f.dat_deb_depot_form,
    f.dat_fin_depot_form,
    f.dat_analyse_form,
    f.dat_retour_form,
    f.dat_jury_form,
    f.dat_publi_form,
    f.dat_confirm_form,
    f.delai_confirm_form,
    c.dat_new_retour_cand,
    c.dat_new_confirm_cand,
    c.dat_recept_dossier_cand,
    c.mnt_charge_cand,
    c.comp_exo_ext_cand,
    c.tem_accept_cand,
    c.user_accept_cand,
    c.dat_accept_cand,
    c.tem_relance_cand,
    td.cod_typ_avis,
    tdc.tem_valid_type_dec_cand,
    tdc.dat_valid_type_dec_cand,
    tdc.user_cre_type_dec_cand,
    tdc.dat_cre_type_dec_cand,
    tdc.comment_type_dec_cand,
    fm.cod_mail AS cod_mail_list_comp,
    co.lib_comm,
    co.mail_comm,
    co.tel_comm,
    co.url_comm,
    co.fax_comm,
    co.signataire_comm,
    co.id_comm,
    co.tem_alert_list_princ_comm,
    co.typ_alert_comm,
    co.mail_alert_comm,
    a.adr1_adr,
    a.adr2_adr,
    a.adr3_adr,
    a.cod_bdi_adr,
    a.cedex_adr,
    a.lib_com_etr_adr,
    sc.lib_com,
    a.cod_pay,
    sp.lib_pay,
    cc.id_ctr_cand,
    cc.typ_send_mail_ctr_cand,
    cc.mail_contact_ctr_cand,
    camp.lib_camp,
    libc.val_trad AS lib_camp_langue,
    libd.val_trad AS lib_camp_defaut,
    comc.val_trad AS comment_retour_langue,
    comd.val_trad AS comment_retour_defaut
FROM candidature AS c
INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
INNER JOIN campagne AS camp ON m.id_camp = camp.id_camp
INNER JOIN langue AS l ON ca.cod_langue = l.cod_langue
INNER JOIN formation AS f ON c.id_form = f.id_form
INNER JOIN commission AS co ON f.id_comm = co.id_comm
INNER JOIN centre_candidature AS cc ON co.id_ctr_cand = cc.id_ctr_cand
LEFT JOIN adresse AS a ON co.id_adr = a.id_adr
LEFT JOIN siscol_commune AS sc ON a.cod_com = sc.cod_com AND a.typ_siscol = sc.typ_siscol
LEFT JOIN siscol_pays AS sp ON a.cod_pay = sp.cod_pay AND a.typ_siscol = sp.typ_siscol
LEFT JOIN type_decision_candidature AS tdc
    ON tdc.id_type_dec_cand = (
        SELECT max(x.id_type_dec_cand) FROM type_decision_candidature AS x WHERE x.id_cand = c.id_cand
    )
LEFT JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
LEFT JOIN type_decision AS fav ON f.id_typ_dec_fav_list_comp = fav.id_typ_dec
LEFT JOIN mail AS fm ON fav.id_mail = fm.id_mail
LEFT JOIN i18n_traduction AS libc
    ON camp.id_i18n_libelle_campagne = libc.id_i18n AND ca.cod_langue = libc.cod_langue
LEFT JOIN i18n_traduction AS libd
    ON
        camp.id_i18n_libelle_campagne = libd.id_i18n
        AND libd.cod_langue = (SELECT min(d.cod_langue) FROM langue AS d WHERE d.tem_defaut_langue)
LEFT JOIN i18n_traduction AS comc
    ON co.id_i18n_comment_retour_comm = comc.id_i18n AND ca.cod_langue = comc.cod_langue
LEFT JOIN i18n_traduction AS comd
    ON
        co.id_i18n_comment_retour_comm = comd.id_i18n
        AND comd.cod_langue = (SELECT min(d.cod_langue) FROM langue AS d WHERE d.tem_defaut_langue)
WHERE c.id_cand IN (SELECT t.id_cand FROM tmp_mail_ids AS t);
