SELECT
    COD_TRE AS cod_tre,
    LIB_TRE AS lib_tre,
    LIC_TRE AS lic_tre,
    TEM_EN_SVE_TRE AS tem_en_sve_tre
FROM TYP_RESULTAT;
