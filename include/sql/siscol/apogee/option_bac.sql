SELECT
    COD_OPT_BAC AS cod_opt_bac,
    LIB_OPT_BAC AS lib_opt_bac,
    LIC_OPT_BAC AS lic_opt_bac,
    DAA_DEB_VAL_OPT_BAC AS daa_deb_val_opt_bac,
    DAA_FIN_VAL_OPT_BAC AS daa_fin_val_opt_bac,
    TEM_EN_SVE_OPT_BAC AS tem_en_sve_opt_bac
FROM OPTION_BAC;
