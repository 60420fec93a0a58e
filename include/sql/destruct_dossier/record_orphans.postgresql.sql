-- Orphan files (candidate 'C' and gestionnaire 'G', as eCandidat) created before the campaign's
-- archiving, one chunk: record them for deletion and drop their fichier rows, in one statement
-- (pending_files.sql reads the records back). An orphan is a file that no pj_cand, commission,
-- piece_justif or pj_opi refers to (eCandidat does not look at pj_opi; a file a pending PJ OPI still
-- needs is not an orphan here). The chunks walk fichier in id order from where the previous one
-- stopped (%(after)s): one pass over fichier per campaign, whatever the number of chunks; `last` is
-- where this one stopped. Pair: record_orphans.mariadb.sql.
WITH orphans AS (
    SELECT f.* FROM fichier AS f
    WHERE
        f.id_fichier > %(after)s
        AND f.dat_cre_fichier < %(before)s
        AND NOT EXISTS (SELECT 1 FROM pj_cand AS p WHERE p.id_fichier = f.id_fichier)
        AND NOT EXISTS (SELECT 1 FROM commission AS c WHERE c.id_fichier = f.id_fichier)
        AND NOT EXISTS (SELECT 1 FROM piece_justif AS j WHERE j.id_fichier = f.id_fichier)
        AND NOT EXISTS (SELECT 1 FROM pj_opi AS o WHERE o.id_fichier = f.id_fichier)
    ORDER BY f.id_fichier
    LIMIT %(chunk)s
    FOR UPDATE
),

fiab AS (
    INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                       typ_stockage_fichier, auteur_fichier, dat_cre_fichier, dat_cre_fichier_fiab)
    SELECT id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,
           auteur_fichier, dat_cre_fichier, %(now)s
    FROM orphans
    RETURNING 1
),

gone AS (
    DELETE FROM fichier AS f USING orphans AS o WHERE f.id_fichier = o.id_fichier RETURNING f.id_fichier
)

SELECT
    (SELECT count(*) FROM gone) AS fichier,
    (SELECT max(id_fichier) FROM gone) AS last
