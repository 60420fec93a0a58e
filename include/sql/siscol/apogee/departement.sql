SELECT
    COD_DEP AS cod_dep,
    LIB_DEP AS lib_dep,
    LIC_DEP AS lic_dep,
    TEM_EN_SVE_DEP AS tem_en_sve_dep
FROM DEPARTEMENT;
