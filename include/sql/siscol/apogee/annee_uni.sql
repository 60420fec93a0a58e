SELECT
    COD_ANU AS cod_anu,
    ETA_ANU_IAE AS eta_anu_iae,
    LIB_ANU AS lib_anu,
    LIC_ANU AS lic_anu
FROM ANNEE_UNI;
