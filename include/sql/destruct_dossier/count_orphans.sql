SELECT count(*) FROM fichier f
WHERE f.typ_fichier = 'C'
  AND f.dat_cre_fichier < %(before)s
  AND NOT EXISTS (SELECT 1 FROM pj_cand p WHERE p.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM commission c WHERE c.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM piece_justif j WHERE j.id_fichier = f.id_fichier)
  AND NOT EXISTS (SELECT 1 FROM pj_opi o WHERE o.id_fichier = f.id_fichier)
