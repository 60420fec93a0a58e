-- Orphan files (candidate 'C' and gestionnaire 'G', as eCandidat) created before the campaign's archiving, one chunk: record them for deletion
-- and drop their fichier rows, in one statement; `recorded` as in delete_accounts.postgresql.sql. An
-- orphan is a file (C or G) that no pj_cand, commission, piece_justif or pj_opi refers to
-- (eCandidat does not look at pj_opi; a file a pending PJ OPI still needs is not an orphan here).
-- Pair: record_orphans.mariadb.sql.
WITH orphans AS (
    SELECT f.* FROM fichier f
    WHERE f.dat_cre_fichier < %(before)s
      AND NOT EXISTS (SELECT 1 FROM pj_cand p WHERE p.id_fichier = f.id_fichier)
      AND NOT EXISTS (SELECT 1 FROM commission c WHERE c.id_fichier = f.id_fichier)
      AND NOT EXISTS (SELECT 1 FROM piece_justif j WHERE j.id_fichier = f.id_fichier)
      AND NOT EXISTS (SELECT 1 FROM pj_opi o WHERE o.id_fichier = f.id_fichier)
    ORDER BY f.id_fichier
    LIMIT %(chunk)s
    FOR UPDATE
), fiab AS (
    INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                       typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)
    SELECT id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,
           auteur_fichier, dat_cre_fichier, %(now)s
    FROM orphans
    RETURNING id_fichier_fiab, file_fichier, typ_fichier, typ_stockage_fichier
), gone AS (
    DELETE FROM fichier f USING orphans o WHERE f.id_fichier = o.id_fichier RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS fichier,
       (SELECT json_agg(json_build_array(fi.id_fichier_fiab, fi.file_fichier, fi.file_fichier IN (
                    -- paths that a fichier row not deleted here still uses
                    SELECT o.file_fichier FROM orphans d JOIN fichier o ON o.file_fichier = d.file_fichier
                    WHERE o.id_fichier NOT IN (SELECT id_fichier FROM orphans)), fi.typ_fichier, fi.typ_stockage_fichier)
                ORDER BY fi.id_fichier_fiab)
          FROM fiab fi) AS recorded
