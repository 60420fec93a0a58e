SELECT
    COD_BAC AS cod_bac,
    LIB_BAC AS lib_bac,
    LIC_BAC AS lic_bac,
    DAA_DEB_VLD_BAC AS daa_deb_vld_bac,
    DAA_FIN_VLD_BAC AS daa_fin_vld_bac,
    TEM_EN_SVE_BAC AS tem_en_sve_bac,
    TEM_CTRL_INE AS tem_ctrl_ine_bac,
    ANN_CTRL_INE AS ann_ctrl_ine_bac
FROM BAC_OUX_EQU;
