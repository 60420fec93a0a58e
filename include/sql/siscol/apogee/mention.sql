SELECT
    COD_MEN AS cod_men,
    LIB_MEN AS lib_men,
    LIC_MEN AS lic_men,
    TEM_EN_SVE_MEN AS tem_en_sve_men
FROM MENTION;
