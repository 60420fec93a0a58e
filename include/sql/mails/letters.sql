-- What eCandidat's admission letter needs beyond the mail (CandidatureController.getTypeLettre and
-- downloadLettre), for the candidatures of tmp_mail_ids: whether the commission sends letters by mail,
-- the cancellation, the formation's diploma type (the template's variant), the candidate's civility
-- and address, the latest decision's label (the only translation, or the candidate's language in
-- service), whether its type shows the comment, the appeal, the commission's signature file, the
-- default language.
SELECT
    c.id_cand,
    co.tem_mail_lettre_comm,
    c.dat_annul_cand,
    f.cod_tpd_etb,
    civ.lib_civ,
    a.adr1_adr AS cand_adr1_adr,
    a.adr2_adr AS cand_adr2_adr,
    a.adr3_adr AS cand_adr3_adr,
    a.cod_bdi_adr AS cand_cod_bdi_adr,
    a.cedex_adr AS cand_cedex_adr,
    a.lib_com_etr_adr AS cand_lib_com_etr_adr,
    sc.lib_com AS cand_lib_com,
    a.cod_pay AS cand_cod_pay,
    sp.lib_pay AS cand_lib_pay,
    td.tem_aff_comment_typ_dec,
    tdc.tem_appel_type_dec_cand,
    (
        SELECT CASE WHEN count(*) = 1 THEN min(t.val_trad) END
        FROM i18n_traduction AS t
        WHERE t.id_i18n = td.id_i18n_lib_typ_dec
    ) AS lib_avis_seul,
    (
        SELECT min(t.val_trad)
        FROM i18n_traduction AS t
        INNER JOIN langue AS l ON t.cod_langue = l.cod_langue
        WHERE t.id_i18n = td.id_i18n_lib_typ_dec AND t.cod_langue = ca.cod_langue AND l.tes_langue
    ) AS lib_avis_langue,
    fi.file_fichier AS signature_file,
    fi.typ_fichier AS signature_typ_fichier,
    fi.typ_stockage_fichier AS signature_typ_stockage,
    (SELECT min(d.cod_langue) FROM langue AS d WHERE d.tem_defaut_langue) AS langue_defaut
FROM candidature AS c
INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
INNER JOIN civilite AS civ ON ca.cod_civ = civ.cod_civ
INNER JOIN formation AS f ON c.id_form = f.id_form
INNER JOIN commission AS co ON f.id_comm = co.id_comm
LEFT JOIN fichier AS fi ON co.id_fichier = fi.id_fichier
LEFT JOIN adresse AS a ON ca.id_adr = a.id_adr
LEFT JOIN siscol_commune AS sc ON a.cod_com = sc.cod_com AND a.typ_siscol = sc.typ_siscol
LEFT JOIN siscol_pays AS sp ON a.cod_pay = sp.cod_pay AND a.typ_siscol = sp.typ_siscol
LEFT JOIN type_decision_candidature AS tdc
    ON tdc.id_type_dec_cand = (
        SELECT max(x.id_type_dec_cand) FROM type_decision_candidature AS x WHERE x.id_cand = c.id_cand
    )
LEFT JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
WHERE c.id_cand IN (SELECT t.id_cand FROM tmp_mail_ids AS t);
