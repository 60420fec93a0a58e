-- Destroy one chunk of a campaign's accounts with everything that depends on them, in one transaction:
-- an account is either whole or gone. MariaDB has neither data-modifying CTEs nor deferred foreign-key
-- checks (InnoDB checks each row at once), so the chunk's ids are read first (the accounts locked), then
-- each table is emptied of them, children first, in eCandidat's JPA cascade order. The attachment files
-- are recorded in fichier_fiabilisation before their fichier rows go, so a crash between the commit
-- and the file deletions leaves a row from which the next run retries. The last statement returns what
-- the PostgreSQL statement returns: the counts and `recorded`, the records ([id, path, shared, typ_fichier, typ_stockage_fichier]) of the
-- files to remove, shared when a fichier row that stays still uses the path. Pair: delete_accounts.postgresql.sql.
-- into: accounts
SELECT id_cpt_min FROM compte_minima
WHERE id_camp = %(id_camp)s
ORDER BY id_cpt_min
LIMIT %(chunk)s
FOR UPDATE;  -- noqa: PRS
-- into: candidats
SELECT id_candidat FROM candidat WHERE id_cpt_min IN %(accounts)s;
-- into: adresses
SELECT id_adr FROM candidat WHERE id_cpt_min IN %(accounts)s AND id_adr IS NOT NULL;
-- into: candidatures
SELECT id_cand FROM candidature WHERE id_candidat IN %(candidats)s;
-- into: fichiers
-- A fichier shared with a row that stays (a pj_cand of another candidature, a commission, a
-- piece_justif) stays: the chunk's pj_cand rows must be all the rows that refer to it (one count
-- through the foreign-key index per file).
SELECT p.id_fichier FROM pj_cand p
WHERE p.id_cand IN %(candidatures)s
  AND p.id_fichier IS NOT NULL
GROUP BY p.id_fichier
HAVING count(*) = (SELECT count(*) FROM pj_cand o WHERE o.id_fichier = p.id_fichier)
   AND NOT EXISTS (SELECT 1 FROM commission co WHERE co.id_fichier = p.id_fichier)
   AND NOT EXISTS (SELECT 1 FROM piece_justif pj WHERE pj.id_fichier = p.id_fichier);
INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                   typ_stockage_fichier, auteur_fichier, dat_cre_fichier, id_pj, id_cand,
                                   dat_cre_fichier_fiab)
SELECT f.id_fichier, f.cod_fichier, f.file_fichier, f.nom_fichier, f.typ_fichier, f.typ_stockage_fichier,
       f.auteur_fichier, f.dat_cre_fichier,
       (SELECT min(p.id_pj) FROM pj_cand p WHERE p.id_fichier = f.id_fichier),
       (SELECT min(p.id_cand) FROM pj_cand p WHERE p.id_fichier = f.id_fichier),
       %(now)s
FROM fichier f
WHERE f.id_fichier IN %(fichiers)s;
SET @ecb_fiab = ROW_COUNT();
DELETE FROM pj_cand WHERE id_cand IN %(candidatures)s;
SET @ecb_pj_cand = ROW_COUNT();
DELETE FROM fichier WHERE id_fichier IN %(fichiers)s;
SET @ecb_fichier = ROW_COUNT();
DELETE FROM opi WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = ROW_COUNT();
DELETE FROM formulaire_cand WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM question_cand WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM post_it WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM formulaire_candidature WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM type_decision_candidature WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM tag_candidature WHERE id_cand IN %(candidatures)s;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE FROM candidature WHERE id_cand IN %(candidatures)s;
SET @ecb_candidature = ROW_COUNT();
DELETE FROM candidat_bac_ou_equ WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = ROW_COUNT();
DELETE FROM candidat_cursus_post_bac WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM candidat_cursus_interne WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM candidat_cursus_pro WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM candidat_stage WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM formulaire_candidat WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM pj_candidat WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM pj_opi WHERE id_candidat IN %(candidats)s;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE FROM candidat WHERE id_candidat IN %(candidats)s;
SET @ecb_candidat = ROW_COUNT();
DELETE FROM adresse WHERE id_adr IN %(adresses)s;
SET @ecb_adresse = ROW_COUNT();
DELETE FROM compte_minima WHERE id_cpt_min IN %(accounts)s;
SELECT ROW_COUNT() AS compte_minima,
       @ecb_candidat AS candidat,
       @ecb_candidature AS candidature,
       @ecb_pj_cand AS pj_cand,
       @ecb_fichier AS fichier,
       @ecb_fiab AS fichier_fiabilisation,
       @ecb_enfants_candidature AS enfants_candidature,
       @ecb_enfants_candidat AS enfants_candidat,
       @ecb_adresse AS adresse,
       -- fichier.file_fichier has no index: one join over fichier finds the paths still in use (a hash
       -- join, see EcandidatMySqlHook), rather than one scan of fichier per file.
       (SELECT JSON_ARRAYAGG(JSON_ARRAY(r.id_fichier_fiab, r.file_fichier, r.shared, r.typ_fichier, r.typ_stockage_fichier) ORDER BY r.id_fichier_fiab)
          FROM (SELECT fi.id_fichier_fiab, fi.file_fichier, MAX(o.id_fichier IS NOT NULL) AS shared, fi.typ_fichier,
                       fi.typ_stockage_fichier
                  FROM fichier_fiabilisation fi
                  LEFT JOIN fichier o ON o.file_fichier = fi.file_fichier
                 WHERE fi.id_fichier IN %(fichiers)s
                 GROUP BY fi.id_fichier_fiab, fi.file_fichier, fi.typ_fichier, fi.typ_stockage_fichier) r) AS recorded
