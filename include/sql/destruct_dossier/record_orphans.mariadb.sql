-- Orphan files (candidate 'C' and gestionnaire 'G', as eCandidat) created before the campaign's archiving, one chunk: record them for deletion
-- and drop their fichier rows, in one transaction; the last statement returns what the PostgreSQL
-- statement returns (`recorded` as in delete_accounts.mariadb.sql). An orphan is a file
-- that no pj_cand, commission, piece_justif or pj_opi refers to (eCandidat does not look at pj_opi; a
-- file a pending PJ OPI still needs is not an orphan here). Pair: record_orphans.postgresql.sql.
-- into: orphans
SELECT f.id_fichier FROM fichier f
WHERE f.dat_cre_fichier < %(before)s
  AND NOT EXISTS (SELECT 1 FROM pj_cand p WHERE p.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM commission c WHERE c.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM piece_justif j WHERE j.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM pj_opi o WHERE o.id_fichier = f.id_fichier)
ORDER BY f.id_fichier
LIMIT %(chunk)s
FOR UPDATE;  -- noqa: PRS
INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                   typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)
SELECT id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, auteur_fichier,
       dat_cre_fichier, %(now)s
FROM fichier WHERE id_fichier IN %(orphans)s;
DELETE FROM fichier WHERE id_fichier IN %(orphans)s;
SELECT ROW_COUNT() AS fichier,
       -- fichier.file_fichier has no index: one join over fichier finds the paths still in use (a hash
       -- join, see EcandidatMySqlHook), rather than one scan of fichier per file.
       (SELECT JSON_ARRAYAGG(JSON_ARRAY(r.id_fichier_fiab, r.file_fichier, r.shared, r.typ_fichier, r.typ_stockage_fichier) ORDER BY r.id_fichier_fiab)
          FROM (SELECT fi.id_fichier_fiab, fi.file_fichier, MAX(o.id_fichier IS NOT NULL) AS shared, fi.typ_fichier,
                       fi.typ_stockage_fichier
                  FROM fichier_fiabilisation fi
                  LEFT JOIN fichier o ON o.file_fichier = fi.file_fichier
                 WHERE fi.id_fichier IN %(orphans)s
                 GROUP BY fi.id_fichier_fiab, fi.file_fichier, fi.typ_fichier, fi.typ_stockage_fichier) r) AS recorded
