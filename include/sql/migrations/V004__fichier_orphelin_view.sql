-- One definition of an orphan candidate file, for BATCH_DESTRUCT_DOSSIER's dry run and real run: a
-- candidate file ('C') that no pj_cand, commission, piece_justif or pj_opi refers to. (eCandidat does
-- not look at pj_opi; a file a pending PJ OPI still needs is not an orphan here.)
CREATE VIEW fichier_orphelin AS
SELECT f.*
FROM fichier f
WHERE f.typ_fichier = 'C'
  AND NOT EXISTS (SELECT 1 FROM pj_cand p WHERE p.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM commission c WHERE c.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM piece_justif j WHERE j.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM pj_opi o WHERE o.id_fichier = f.id_fichier);
