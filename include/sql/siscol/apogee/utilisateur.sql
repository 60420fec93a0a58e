-- id_uti is numbered by the merge (1..n by login); the source gives none.
SELECT
    NULL AS id_uti,
    COD_UTI AS cod_uti,
    COD_CGE AS cod_cge,
    LIB_CMT_UTI AS lib_cmt_uti,
    TEM_EN_SVE_UTI AS tem_en_sve_uti,
    ADR_MAIL_UTI AS adr_mail_uti
FROM UTILISATEUR;
