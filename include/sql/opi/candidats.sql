-- The candidates of ranks %(first)s..%(last)s of tmp_opi_candidat with all an OPI needs (eCandidat's
-- Candidat entity as the OPI services read it): account, identity, birth, address, bac.
SELECT
    c.id_candidat,
    t.rang,
    m.num_dossier_opi_cpt_min,
    m.supann_etu_id_cpt_min,
    m.mail_perso_cpt_min,
    camp.cod_camp,
    civ.cod_sexe,
    civ.cod_siscol AS cod_siscol_civ,
    c.nom_pat_candidat,
    c.nom_usu_candidat,
    c.prenom_candidat,
    c.autre_pren_candidat,
    c.ine_candidat,
    c.cle_ine_candidat,
    c.dat_naiss_candidat,
    c.cod_pay_nat,
    c.cod_pay_naiss,
    c.cod_dep_naiss_candidat,
    c.cod_com_naiss_candidat,
    cn.lib_com_naiss,
    c.lib_ville_naiss_candidat,
    c.tel_candidat,
    c.tel_port_candidat,
    c.cod_rgi,
    c.cod_stu,
    a.id_adr,
    a.cod_pay AS adr_cod_pay,
    a.cod_bdi_adr,
    a.cod_com AS adr_cod_com,
    a.lib_com_etr_adr,
    a.adr1_adr,
    a.adr2_adr,
    a.adr3_adr,
    b.cod_bac,
    b.cod_dep AS bac_cod_dep,
    b.cod_etb AS bac_cod_etb,
    e.cod_tpe_etb,
    b.cod_mnb,
    b.annee_obt_bac,
    b.cod_spe1_bac_ter,
    b.cod_spe2_bac_ter,
    b.cod_spe_bac_pre,
    b.cod_opt1_bac,
    b.cod_opt2_bac,
    b.cod_opt3_bac,
    b.cod_opt4_bac
FROM tmp_opi_candidat AS t
INNER JOIN candidat AS c ON t.id_candidat = c.id_candidat
INNER JOIN compte_minima AS m ON c.id_cpt_min = m.id_cpt_min
INNER JOIN campagne AS camp ON m.id_camp = camp.id_camp
INNER JOIN civilite AS civ ON c.cod_civ = civ.cod_civ
LEFT JOIN siscol_commune_naiss AS cn
    ON c.cod_com_naiss_candidat = cn.cod_com_naiss AND c.typ_siscol = cn.typ_siscol
LEFT JOIN adresse AS a ON c.id_adr = a.id_adr
LEFT JOIN candidat_bac_ou_equ AS b ON c.id_candidat = b.id_candidat
LEFT JOIN siscol_etablissement AS e ON b.cod_etb = e.cod_etb AND b.typ_siscol = e.typ_siscol
WHERE t.rang BETWEEN %(first)s AND %(last)s
ORDER BY t.rang
