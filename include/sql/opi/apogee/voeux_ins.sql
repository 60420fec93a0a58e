-- The wishes Apogée holds for an OPI individual (eCandidat's getVoeuxApogee).
SELECT COD_CGE, COD_ETP, COD_VRS_VET
FROM VOEUX_INS
WHERE COD_IND_OPI = %(cod_ind_opi)s
