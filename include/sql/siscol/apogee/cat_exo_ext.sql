SELECT
    COD_CAT_EXO_EXT AS cod_cat_exo_ext,
    LIB_CAT_EXO_EXT AS lib_cat_exo_ext,
    LIC_CAT_EXO_EXT AS lic_cat_exo_ext,
    TEM_EN_SVE_CAT_EXO_EXT AS tem_en_sve_cat_exo_ext
FROM CAT_EXO_EXT;
