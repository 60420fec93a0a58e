-- The OPI individuals Apogée may have attached the candidate to (eCandidat's
-- findNneIndOpiByCodOpiIntEpo, first query): its OPI code, or its student number, or its INE and key.
SELECT COD_IND_OPI, COD_OPI_INT_EPO
FROM IND_OPI
WHERE
    COD_OPI_INT_EPO = %(cod_opi_int_epo)s
    OR COD_ETU_OPI = %(cod_etu_opi)s
    OR (COD_NNE_IND_OPI = %(cod_nne)s AND COD_CLE_NNE_IND_OPI = %(cod_cle_nne)s)
ORDER BY COD_IND_OPI
