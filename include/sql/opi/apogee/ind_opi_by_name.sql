-- Failing the keys, the OPI individuals of that birth name, first name and birth date (eCandidat's
-- second query, names upper-cased as the service stores them).
SELECT COD_IND_OPI, COD_OPI_INT_EPO
FROM IND_OPI
WHERE
    LIB_NOM_PAT_IND_OPI = %(lib_nom_pat)s
    AND LIB_PR1_IND_OPI = %(lib_pr1)s
    AND DATE_NAI_IND_OPI = %(date_nai)s
ORDER BY COD_IND_OPI
