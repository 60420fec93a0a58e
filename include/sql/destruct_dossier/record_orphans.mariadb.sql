-- Orphan files (candidate 'C' and gestionnaire 'G', as eCandidat) created before the campaign's
-- archiving, one chunk: record them for deletion and drop their fichier rows, in one transaction,
-- their ids passed through a work table (work_tables.sql). What an orphan is, the walk through
-- fichier and `last`: record_orphans.postgresql.sql, whose result the last statement returns.
-- Pair: record_orphans.postgresql.sql.
DELETE FROM tmp_destruct_fichier;
INSERT INTO tmp_destruct_fichier (id_fichier)
SELECT f.id_fichier FROM fichier AS f
WHERE
    f.id_fichier > %(after)s
    AND f.dat_cre_fichier < %(before)s
    AND NOT EXISTS (SELECT 1 FROM pj_cand AS p WHERE p.id_fichier = f.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM commission AS c WHERE c.id_fichier = f.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM piece_justif AS j WHERE j.id_fichier = f.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM pj_opi AS o WHERE o.id_fichier = f.id_fichier)
ORDER BY f.id_fichier
LIMIT %(chunk)s
FOR UPDATE;  -- noqa: PRS
INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                   typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)
SELECT STRAIGHT_JOIN
    f.id_fichier, f.cod_fichier, f.file_fichier, f.nom_fichier, f.typ_fichier, f.typ_stockage_fichier,
    f.auteur_fichier, f.dat_cre_fichier, %(now)s
FROM tmp_destruct_fichier AS t INNER JOIN fichier AS f ON t.id_fichier = f.id_fichier;
DELETE f FROM tmp_destruct_fichier AS t INNER JOIN fichier AS f ON t.id_fichier = f.id_fichier;
SELECT
    ROW_COUNT() AS fichier,
    (SELECT max(t.id_fichier) FROM tmp_destruct_fichier AS t) AS last
