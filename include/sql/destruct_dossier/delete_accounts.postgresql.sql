-- Destroy one chunk of a campaign's accounts with everything that depends on them, in one transaction:
-- an account is either whole or gone. eCandidat's database has no cascades; the order below is its JPA
-- cascade order.
-- The chunk's ids go through the session's work tables (work_tables.sql), each filled from
-- the previous one through a foreign-key index, then analyzed: the planner then probes the indexes for
-- the chunk's rows, so a chunk costs the same whatever the tables' size and the other campaigns (on a
-- temporary table without statistics it hashed the chunk and read every child table in full), and no
-- value grows with the chunk (an array of ids did).
-- A fichier shared with a row that stays (a pj_cand of another candidature, a commission, a
-- piece_justif) stays: the chunk's pj_cand rows must be all the rows that refer to it.
-- The attachment files are recorded in fichier_fiabilisation in the statement that deletes their
-- fichier rows, so a crash between this commit and the file deletions leaves a record from which the
-- next run retries (pending_files.sql reads them back). Foreign keys are checked at the end of that
-- statement, when parents and children are all gone. Pair: delete_accounts.mariadb.sql.
TRUNCATE tmp_destruct_compte, tmp_destruct_candidat, tmp_destruct_candidature, tmp_destruct_fichier;

INSERT INTO tmp_destruct_compte (id_cpt_min)
SELECT id_cpt_min FROM compte_minima
WHERE id_camp = %(id_camp)s
ORDER BY id_cpt_min
LIMIT %(chunk)s
FOR UPDATE;

ANALYZE pg_temp.tmp_destruct_compte;

INSERT INTO tmp_destruct_candidat (id_candidat, id_adr)
SELECT ca.id_candidat, ca.id_adr
FROM tmp_destruct_compte AS t INNER JOIN candidat AS ca ON t.id_cpt_min = ca.id_cpt_min;

ANALYZE pg_temp.tmp_destruct_candidat;

INSERT INTO tmp_destruct_candidature (id_cand)
SELECT c.id_cand
FROM tmp_destruct_candidat AS t INNER JOIN candidature AS c ON t.id_candidat = c.id_candidat;

ANALYZE pg_temp.tmp_destruct_candidature;

INSERT INTO tmp_destruct_fichier (id_fichier, id_pj, id_cand)
SELECT p.id_fichier, min(p.id_pj), min(p.id_cand)
FROM tmp_destruct_candidature AS t INNER JOIN pj_cand AS p ON t.id_cand = p.id_cand
WHERE p.id_fichier IS NOT NULL
GROUP BY p.id_fichier
HAVING
    count(*) = (SELECT count(*) FROM pj_cand AS o WHERE o.id_fichier = p.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM commission AS co WHERE co.id_fichier = p.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM piece_justif AS pj WHERE pj.id_fichier = p.id_fichier);

ANALYZE pg_temp.tmp_destruct_fichier;

WITH fiab AS (
    INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                       typ_stockage_fichier, auteur_fichier, dat_cre_fichier, id_pj, id_cand,
                                       dat_cre_fichier_fiab)
    SELECT f.id_fichier, f.cod_fichier, f.file_fichier, f.nom_fichier, f.typ_fichier, f.typ_stockage_fichier,
           f.auteur_fichier, f.dat_cre_fichier, t.id_pj, t.id_cand, %(now)s
    FROM tmp_destruct_fichier AS t INNER JOIN fichier AS f ON t.id_fichier = f.id_fichier
    RETURNING 1
),
pjc AS (DELETE FROM pj_cand AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
fic AS (DELETE FROM fichier AS x USING tmp_destruct_fichier AS t WHERE x.id_fichier = t.id_fichier RETURNING 1),
opi AS (DELETE FROM opi AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
fcand AS (DELETE FROM formulaire_cand AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
qcand AS (DELETE FROM question_cand AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
postit AS (DELETE FROM post_it AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
fcandidature AS (
    DELETE FROM formulaire_candidature AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1
),
tdc AS (
    DELETE FROM type_decision_candidature AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1
),
tagc AS (DELETE FROM tag_candidature AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
candidatures AS (DELETE FROM candidature AS x USING tmp_destruct_candidature AS t WHERE x.id_cand = t.id_cand RETURNING 1),
bac AS (DELETE FROM candidat_bac_ou_equ AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
cpb AS (
    DELETE FROM candidat_cursus_post_bac AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1
),
cci AS (
    DELETE FROM candidat_cursus_interne AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1
),
ccp AS (DELETE FROM candidat_cursus_pro AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
stage AS (DELETE FROM candidat_stage AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
fcandidat AS (
    DELETE FROM formulaire_candidat AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1
),
pjcandidat AS (DELETE FROM pj_candidat AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
pjopi AS (DELETE FROM pj_opi AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
candidats AS (DELETE FROM candidat AS x USING tmp_destruct_candidat AS t WHERE x.id_candidat = t.id_candidat RETURNING 1),
adresses AS (DELETE FROM adresse AS x USING tmp_destruct_candidat AS t WHERE x.id_adr = t.id_adr RETURNING 1),
comptes AS (DELETE FROM compte_minima AS x USING tmp_destruct_compte AS t WHERE x.id_cpt_min = t.id_cpt_min RETURNING 1)
SELECT
    (SELECT count(*) FROM comptes) AS compte_minima,
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
    (SELECT count(*) FROM adresses) AS adresse
