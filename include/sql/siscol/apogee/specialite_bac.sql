SELECT
    COD_SPE_BAC AS cod_spe_bac,
    LIB_SPE_BAC AS lib_spe_bac,
    LIC_SPE_BAC AS lic_spe_bac,
    DAA_DEB_VAL_SPE_BAC AS daa_deb_val_spe_bac,
    DAA_FIN_VAL_SPE_BAC AS daa_fin_val_spe_bac,
    TEM_EN_SVE_SPE_BAC AS tem_en_sve_spe_bac
FROM SPECIALITE_BAC;
