SELECT
    COD_RGI AS cod_rgi,
    LIB_RGI AS lib_rgi,
    LIC_RGI AS lic_rgi,
    TEM_EN_SVE_RGI AS tem_en_sve_rgi
FROM REGIME_INS;
