-- Apogée's version: the latest COD_VER by creation date (the first row is kept).
SELECT COD_VER AS val_version
FROM VERSION_APO
ORDER BY DAT_CRE DESC;
