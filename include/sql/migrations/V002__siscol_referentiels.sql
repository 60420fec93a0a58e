-- SI Scolarité reference tables (BATCH_SYNCHRO_SISCOL upserts them). The key is always (code, typ_siscol):
-- 'A' Apogée, 'P' Pégase, 'D' default. Labels upper-cased by the batch as eCandidat does.

CREATE TABLE siscol_regime (
    cod_rgi varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_rgi varchar(120) NOT NULL,
    lic_rgi varchar(60),
    tem_en_sve_rgi boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_rgi, typ_siscol)
);

CREATE TABLE siscol_statut (
    cod_stu varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_stu varchar(120) NOT NULL,
    lic_stu varchar(60),
    tem_en_sve_stu boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_stu, typ_siscol)
);

CREATE TABLE siscol_cat_exo_ext (
    cod_cat_exo_ext varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_cat_exo_ext varchar(120) NOT NULL,
    lic_cat_exo_ext varchar(60),
    tem_en_sve_cat_exo_ext boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_cat_exo_ext, typ_siscol)
);

CREATE TABLE siscol_bac_oux_equ (
    cod_bac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_bac varchar(120) NOT NULL,
    lic_bac varchar(60),
    tem_en_sve_bac boolean NOT NULL DEFAULT true,
    daa_deb_vld_bac varchar(4),
    daa_fin_vld_bac varchar(4),
    tem_ctrl_ine_bac boolean NOT NULL DEFAULT false,
    ann_ctrl_ine_bac varchar(4),
    PRIMARY KEY (cod_bac, typ_siscol)
);

CREATE TABLE siscol_option_bac (
    cod_opt_bac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_opt_bac varchar(120) NOT NULL,
    lic_opt_bac varchar(60),
    tem_en_sve_opt_bac boolean NOT NULL DEFAULT true,
    daa_deb_val_opt_bac varchar(4),
    daa_fin_val_opt_bac varchar(4),
    PRIMARY KEY (cod_opt_bac, typ_siscol)
);

CREATE TABLE siscol_specialite_bac (
    cod_spe_bac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_spe_bac varchar(120) NOT NULL,
    lic_spe_bac varchar(60),
    tem_en_sve_spe_bac boolean NOT NULL DEFAULT true,
    daa_deb_val_spe_bac varchar(4),
    daa_fin_val_spe_bac varchar(4),
    PRIMARY KEY (cod_spe_bac, typ_siscol)
);

CREATE TABLE siscol_mention (
    cod_men varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_men varchar(120) NOT NULL,
    lic_men varchar(60),
    tem_en_sve_men boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_men, typ_siscol)
);

CREATE TABLE siscol_centre_gestion (
    cod_cge varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_cge varchar(120) NOT NULL,
    lic_cge varchar(60),
    tem_en_sve_cge boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_cge, typ_siscol)
);

CREATE TABLE siscol_departement (
    cod_dep varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_dep varchar(120) NOT NULL,
    lic_dep varchar(60),
    tem_en_sve_dep boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_dep, typ_siscol)
);

CREATE TABLE siscol_commune (
    cod_com varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_com varchar(120) NOT NULL,
    lic_com varchar(60),
    tem_en_sve_com boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_com, typ_siscol)
);

CREATE TABLE siscol_dip_aut_cur (
    cod_dac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_dac varchar(120) NOT NULL,
    lic_dac varchar(60),
    tem_en_sve_dac boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_dac, typ_siscol)
);

CREATE TABLE siscol_pays (
    cod_pay varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_pay varchar(120) NOT NULL,
    lic_pay varchar(60),
    tem_en_sve_pay boolean NOT NULL DEFAULT true,
    lib_nat varchar(50),
    PRIMARY KEY (cod_pay, typ_siscol)
);

CREATE TABLE siscol_typ_diplome (
    cod_tpd_etb varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_tpd varchar(120) NOT NULL,
    lic_tpd varchar(60),
    tem_en_sve_tpd boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_tpd_etb, typ_siscol)
);

CREATE TABLE siscol_typ_resultat (
    cod_tre varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_tre varchar(120) NOT NULL,
    lic_tre varchar(60),
    tem_en_sve_tre boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_tre, typ_siscol)
);

CREATE TABLE siscol_mention_niv_bac (
    cod_mnb varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_mnb varchar(120) NOT NULL,
    lic_mnb varchar(60),
    tem_en_sve_mnb boolean NOT NULL DEFAULT true,
    PRIMARY KEY (cod_mnb, typ_siscol)
);

CREATE TABLE siscol_commune_naiss (
    cod_com_naiss varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_com_naiss varchar(120) NOT NULL,
    tem_en_sve_com_naiss boolean NOT NULL DEFAULT true,
    cod_dep varchar(20) NOT NULL,
    PRIMARY KEY (cod_com_naiss, typ_siscol),
    FOREIGN KEY (cod_dep, typ_siscol) REFERENCES siscol_departement (cod_dep, typ_siscol)
);

CREATE TABLE siscol_etablissement (
    cod_etb varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    lib_etb varchar(120) NOT NULL,
    lic_etb varchar(60),
    lib_web_etb varchar(120),
    cod_tpe_etb varchar(4),
    tem_en_sve_etb boolean NOT NULL DEFAULT true,
    cod_dep varchar(20) NOT NULL,
    cod_com varchar(20),
    PRIMARY KEY (cod_etb, typ_siscol),
    FOREIGN KEY (cod_dep, typ_siscol) REFERENCES siscol_departement (cod_dep, typ_siscol),
    FOREIGN KEY (cod_com, typ_siscol) REFERENCES siscol_commune (cod_com, typ_siscol)
);

CREATE TABLE siscol_bac_opt_bac (
    cod_bac varchar(20) NOT NULL,
    cod_opt_bac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    PRIMARY KEY (cod_bac, cod_opt_bac, typ_siscol)
);

CREATE TABLE siscol_bac_spe_bac (
    cod_bac varchar(20) NOT NULL,
    cod_spe_bac varchar(20) NOT NULL,
    typ_siscol char(1) NOT NULL,
    PRIMARY KEY (cod_bac, cod_spe_bac, typ_siscol)
);

CREATE TABLE siscol_com_bdi (
    cod_com varchar(20) NOT NULL,
    cod_bdi varchar(5) NOT NULL,
    typ_siscol char(1) NOT NULL,
    PRIMARY KEY (cod_com, cod_bdi, typ_siscol)
);

CREATE TABLE siscol_annee_uni (
    cod_anu varchar(4) NOT NULL,
    typ_siscol char(1) NOT NULL,
    eta_anu_iae char(1) NOT NULL,
    lib_anu varchar(60) NOT NULL,
    lic_anu varchar(20),
    PRIMARY KEY (cod_anu, typ_siscol)
);

-- Rebuilt on every sync, with id_uti 1..n.
CREATE TABLE siscol_utilisateur (
    id_uti integer PRIMARY KEY,
    typ_siscol char(1) NOT NULL,
    cod_uti varchar(30) NOT NULL,
    adr_mail_uti varchar(200),
    lib_cmt_uti varchar(200),
    tem_en_sve_uti boolean NOT NULL DEFAULT true,
    cod_cge varchar(20),
    FOREIGN KEY (cod_cge, typ_siscol) REFERENCES siscol_centre_gestion (cod_cge, typ_siscol)
);
