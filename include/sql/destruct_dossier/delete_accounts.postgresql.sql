-- Destroy one chunk of a campaign's accounts with everything that depends on them, in one
-- statement (one transaction): an account is either whole or gone. eCandidat's database has no
-- cascades; the order below is its JPA cascade order. Foreign keys are checked at the end of the
-- statement, when parents and children are all gone.
-- The attachment files are recorded in fichier_fiabilisation before their fichier rows go, so a
-- crash between this commit and the file deletions leaves a row from which the next run retries;
-- `recorded` returns those records ([id, path, shared, typ_fichier, typ_stockage_fichier]) so that the job removes the files without
-- reading them back. A path is shared when a fichier row that stays still uses it: only its record
-- goes then.
-- Rows are reached through `= ANY(ARRAY(...))` rather than joins: the planner then probes the
-- foreign-key indexes for the chunk's ids, so a chunk costs the same whatever the tables' size; with
-- joins it hashed the chunk and scanned every child table in full, once per chunk (measured at
-- 60,000 accounts: 51 s by chunks of 500 against 28 s now, and 33 s against 26 s in one statement).
-- Pair: delete_accounts.mariadb.sql.
WITH acc AS (
    SELECT id_cpt_min FROM compte_minima
    WHERE id_camp = %(id_camp)s
    ORDER BY id_cpt_min
    LIMIT %(chunk)s
    FOR UPDATE
), cand AS (
    SELECT ca.id_candidat, ca.id_adr FROM candidat ca WHERE ca.id_cpt_min = ANY(ARRAY(SELECT id_cpt_min FROM acc))
), cdt AS (
    SELECT c.id_cand FROM candidature c WHERE c.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand))
), pjc AS (
    DELETE FROM pj_cand p WHERE p.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt))
    RETURNING p.id_pj, p.id_cand, p.id_fichier
), files AS (
    -- a fichier shared with a row that stays (another pj_cand, a commission, a piece_justif) stays
    SELECT DISTINCT ON (f.id_fichier) f.*, pjc.id_pj, pjc.id_cand
    FROM pjc JOIN fichier f ON f.id_fichier = pjc.id_fichier
    WHERE NOT EXISTS (SELECT 1 FROM pj_cand o WHERE o.id_fichier = f.id_fichier
                        AND o.id_cand NOT IN (SELECT id_cand FROM cdt))
      AND NOT EXISTS (SELECT 1 FROM commission co WHERE co.id_fichier = f.id_fichier)
      AND NOT EXISTS (SELECT 1 FROM piece_justif pj WHERE pj.id_fichier = f.id_fichier)
), fiab AS (
    INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                       typ_stockage_fichier, auteur_fichier, dat_cre_fichier, id_pj, id_cand,
                                       dat_cre_fichier_fiab)
    SELECT id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,
           auteur_fichier, dat_cre_fichier, id_pj, id_cand, %(now)s
    FROM files
    RETURNING id_fichier_fiab, file_fichier, typ_fichier, typ_stockage_fichier
), fic AS (
    DELETE FROM fichier f WHERE f.id_fichier = ANY(ARRAY(SELECT id_fichier FROM files)) RETURNING 1
), opi AS (DELETE FROM opi x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
fcand AS (DELETE FROM formulaire_cand x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
qcand AS (DELETE FROM question_cand x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
postit AS (DELETE FROM post_it x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
fcandidature AS (DELETE FROM formulaire_candidature x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
tdc AS (DELETE FROM type_decision_candidature x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
tagc AS (DELETE FROM tag_candidature x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
candidatures AS (DELETE FROM candidature x WHERE x.id_cand = ANY(ARRAY(SELECT id_cand FROM cdt)) RETURNING 1),
bac AS (DELETE FROM candidat_bac_ou_equ x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
cpb AS (DELETE FROM candidat_cursus_post_bac x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
cci AS (DELETE FROM candidat_cursus_interne x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
ccp AS (DELETE FROM candidat_cursus_pro x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
stage AS (DELETE FROM candidat_stage x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
fcandidat AS (DELETE FROM formulaire_candidat x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
pjcandidat AS (DELETE FROM pj_candidat x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
pjopi AS (DELETE FROM pj_opi x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
candidats AS (DELETE FROM candidat x WHERE x.id_candidat = ANY(ARRAY(SELECT id_candidat FROM cand)) RETURNING 1),
adresses AS (DELETE FROM adresse x WHERE x.id_adr = ANY(ARRAY(SELECT id_adr FROM cand)) RETURNING 1),
comptes AS (DELETE FROM compte_minima x WHERE x.id_cpt_min = ANY(ARRAY(SELECT id_cpt_min FROM acc)) RETURNING 1)
SELECT (SELECT count(*) FROM comptes) AS compte_minima,
       (SELECT count(*) FROM candidats) AS candidat,
       (SELECT count(*) FROM candidatures) AS candidature,
       (SELECT count(*) FROM pjc) AS pj_cand,
       (SELECT count(*) FROM fic) AS fichier,
       (SELECT count(*) FROM fiab) AS fichier_fiabilisation,
       (SELECT count(*) FROM opi) + (SELECT count(*) FROM fcand) + (SELECT count(*) FROM qcand)
         + (SELECT count(*) FROM postit) + (SELECT count(*) FROM fcandidature) + (SELECT count(*) FROM tdc)
         + (SELECT count(*) FROM tagc) AS enfants_candidature,
       (SELECT count(*) FROM bac) + (SELECT count(*) FROM cpb) + (SELECT count(*) FROM cci)
         + (SELECT count(*) FROM ccp) + (SELECT count(*) FROM stage) + (SELECT count(*) FROM fcandidat)
         + (SELECT count(*) FROM pjcandidat) + (SELECT count(*) FROM pjopi) AS enfants_candidat,
       (SELECT count(*) FROM adresses) AS adresse,
       (SELECT json_agg(json_build_array(fi.id_fichier_fiab, fi.file_fichier, fi.file_fichier IN (
                    -- paths that a fichier row not deleted here still uses
                    SELECT o.file_fichier FROM files d JOIN fichier o ON o.file_fichier = d.file_fichier
                    WHERE o.id_fichier NOT IN (SELECT id_fichier FROM files)), fi.typ_fichier, fi.typ_stockage_fichier)
                ORDER BY fi.id_fichier_fiab)
          FROM fiab fi) AS recorded
