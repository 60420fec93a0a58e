SELECT
    COD_CGE AS cod_cge,
    LIB_CGE AS lib_cge,
    LIC_CGE AS lic_cge,
    TEM_EN_SVE_CGE AS tem_en_sve_cge
FROM CENTRE_GESTION;
