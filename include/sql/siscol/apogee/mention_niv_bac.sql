SELECT
    COD_MNB AS cod_mnb,
    LIB_MNB AS lib_mnb,
    LIC_MNB AS lic_mnb,
    TEM_EN_SVE_MNB AS tem_en_sve_mnb
FROM MENTION_NIV_BAC;
