SELECT
    COD_PAY AS cod_pay,
    LIB_PAY AS lib_pay,
    LIC_PAY AS lic_pay,
    LIB_NAT AS lib_nat,
    TEM_EN_SVE_PAY AS tem_en_sve_pay
FROM PAYS;
