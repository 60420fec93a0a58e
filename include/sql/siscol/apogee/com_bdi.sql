SELECT
    COD_COM AS cod_com,
    COD_BDI AS cod_bdi
FROM COM_BDI;
