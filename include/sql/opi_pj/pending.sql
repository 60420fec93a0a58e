-- The PJ OPI waiting to be sent (eCandidat's findByCandidatCompteMinimaCampagneIdCampAndDatDeversementIsNull):
-- those of the active campaign's candidates not sent yet, with their file row (absent when it is gone)
-- and the candidate's names; %(chunk)s at a time after the key (%(after_opi)s, %(after_pj)s).
SELECT
    p.cod_opi,
    p.cod_apo_pj,
    p.cod_ind_opi,
    p.id_candidat,
    p.id_fichier,
    f.id_fichier AS fichier_present,
    f.file_fichier,
    f.nom_fichier,
    f.typ_fichier,
    f.typ_stockage_fichier,
    c.nom_pat_candidat,
    c.prenom_candidat
FROM pj_opi AS p
INNER JOIN candidat AS c ON p.id_candidat = c.id_candidat
INNER JOIN compte_minima AS m ON c.id_cpt_min = m.id_cpt_min
LEFT JOIN fichier AS f ON p.id_fichier = f.id_fichier
WHERE
    m.id_camp = %(id_camp)s
    AND p.dat_deversement IS NULL
    AND (p.cod_opi > %(after_opi)s OR (p.cod_opi = %(after_opi)s AND p.cod_apo_pj > %(after_pj)s))
ORDER BY p.cod_opi, p.cod_apo_pj
LIMIT %(chunk)s
