SELECT
    COD_STU AS cod_stu,
    LIB_STU AS lib_stu,
    LIC_STU AS lic_stu,
    TEM_EN_SVE_STU AS tem_en_sve_stu
FROM STATUT_ETU;
