-- Orphan candidate files (no pj_cand, commission, piece_justif or pj_opi refers to them) created
-- before the campaign's archiving: record them for deletion and drop their fichier rows, in one
-- statement. eCandidat does not exclude pj_opi; a file a pending PJ OPI still needs is kept here.
WITH orphans AS (
    SELECT f.* FROM fichier f
    WHERE f.typ_fichier = 'C'
      AND f.dat_cre_fichier < %(before)s
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
    RETURNING 1
), gone AS (
    DELETE FROM fichier f USING orphans o WHERE f.id_fichier = o.id_fichier RETURNING 1
)
SELECT (SELECT count(*) FROM gone)
