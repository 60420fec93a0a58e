SELECT
    COD_TPD_ETB AS cod_tpd_etb,
    LIB_TPD AS lib_tpd,
    LIC_TPD AS lic_tpd,
    TEM_EN_SVE_TPD AS tem_en_sve_tpd
FROM TYP_DIPLOME;
