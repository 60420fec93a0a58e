-- A document the SI does not show after it was sent: its OPI_PJ row removed, so that the next run sends
-- it again (eCandidat's deleteOpiPJ, its values bound here).
DELETE FROM OPI_PJ WHERE COD_IND_OPI = %(cod_ind_opi)s AND COD_TPJ = %(cod_tpj)s
