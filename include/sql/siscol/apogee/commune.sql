-- COMMUNE's COD_DEP is not kept (siscol_commune has no département).
SELECT
    COD_COM AS cod_com,
    LIB_COM AS lib_com,
    TEM_EN_SVE_COM AS tem_en_sve_com
FROM COMMUNE;
