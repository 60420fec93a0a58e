-- Orphan candidate files (view fichier_orphelin) created before the campaign's archiving: record
-- them for deletion and drop their fichier rows, in one statement; `recorded` as in delete_accounts.sql.
WITH orphans AS (
    SELECT f.* FROM fichier f
    WHERE f.id_fichier IN (SELECT id_fichier FROM fichier_orphelin WHERE dat_cre_fichier < %(before)s)
    ORDER BY f.id_fichier
    LIMIT %(chunk)s
    FOR UPDATE
), fiab AS (
    INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                       typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)
    SELECT id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,
           auteur_fichier, dat_cre_fichier, %(now)s
    FROM orphans
    RETURNING id_fichier_fiab, file_fichier
), gone AS (
    DELETE FROM fichier f USING orphans o WHERE f.id_fichier = o.id_fichier RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS fichier,
       (SELECT json_agg(json_build_array(fi.id_fichier_fiab, fi.file_fichier, fi.file_fichier IN (
                    -- paths that a fichier row not deleted here still uses
                    SELECT o.file_fichier FROM orphans d JOIN fichier o ON o.file_fichier = d.file_fichier
                    WHERE o.id_fichier NOT IN (SELECT id_fichier FROM orphans)))
                ORDER BY fi.id_fichier_fiab)
          FROM fiab fi) AS recorded
