SELECT
    COD_ETB AS cod_etb,
    COD_TPE AS cod_tpe_etb,
    COD_DEP AS cod_dep,
    COD_COM_ADR_ETB AS cod_com,
    LIB_ETB AS lib_etb,
    LIC_ETB AS lic_etb,
    TEM_EN_SVE_ETB AS tem_en_sve_etb,
    LIB_WEB_ETB AS lib_web_etb
FROM ETABLISSEMENT;
