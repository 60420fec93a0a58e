-- Apogée's version: the latest COD_VER by creation date (the first row is kept), as eCandidat reads it
-- (rows without a date left out: Oracle sorts NULLs first in a descending order).
SELECT COD_VER AS val_version
FROM VERSION_APO
WHERE DAT_CRE IS NOT NULL
ORDER BY DAT_CRE DESC;
