SELECT
    COD_DAC AS cod_dac,
    LIB_DAC AS lib_dac,
    LIC_DAC AS lic_dac,
    TEM_EN_SVE_DAC AS tem_en_sve_dac
FROM DIP_AUT_CUR;
