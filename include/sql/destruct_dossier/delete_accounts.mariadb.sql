-- Destroy one chunk of a campaign's accounts with everything that depends on them, in one transaction:
-- an account is either whole or gone. MariaDB has neither data-modifying CTEs nor deferred foreign-key
-- checks (InnoDB checks each row at once): the chunk's ids are put in the session's work tables
-- (work_tables.sql) first, the accounts locked, then each table is emptied of them, children
-- first, in eCandidat's JPA cascade order. Each statement starts from a work table and probes a
-- foreign-key index (STRAIGHT_JOIN says so where a join fills a work table; a DELETE is planned that
-- way, the work table being the smaller), so a chunk costs the same whatever the tables' size and the
-- other campaigns, and no value (a list of ids) grows with the chunk.
-- The files kept and the records of the others: as delete_accounts.postgresql.sql, recorded in
-- fichier_fiabilisation before their fichier rows go. The last statement returns what the PostgreSQL
-- statement returns. Pair: delete_accounts.postgresql.sql.
DELETE FROM tmp_destruct_compte;
DELETE FROM tmp_destruct_candidat;
DELETE FROM tmp_destruct_candidature;
DELETE FROM tmp_destruct_fichier;
INSERT INTO tmp_destruct_compte (id_cpt_min)
SELECT id_cpt_min FROM compte_minima
WHERE id_camp = %(id_camp)s
ORDER BY id_cpt_min
LIMIT %(chunk)s
FOR UPDATE;  -- noqa: PRS
INSERT INTO tmp_destruct_candidat (id_candidat, id_adr)
SELECT STRAIGHT_JOIN ca.id_candidat, ca.id_adr
FROM tmp_destruct_compte AS t INNER JOIN candidat AS ca ON t.id_cpt_min = ca.id_cpt_min;
INSERT INTO tmp_destruct_candidature (id_cand)
SELECT STRAIGHT_JOIN c.id_cand
FROM tmp_destruct_candidat AS t INNER JOIN candidature AS c ON t.id_candidat = c.id_candidat;
INSERT INTO tmp_destruct_fichier (id_fichier, id_pj, id_cand)
SELECT STRAIGHT_JOIN p.id_fichier, min(p.id_pj), min(p.id_cand)
FROM tmp_destruct_candidature AS t INNER JOIN pj_cand AS p ON t.id_cand = p.id_cand
WHERE p.id_fichier IS NOT NULL
GROUP BY p.id_fichier
HAVING
    count(*) = (SELECT count(*) FROM pj_cand AS o WHERE o.id_fichier = p.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM commission AS co WHERE co.id_fichier = p.id_fichier)
    AND NOT EXISTS (SELECT 1 FROM piece_justif AS pj WHERE pj.id_fichier = p.id_fichier);
INSERT INTO fichier_fiabilisation (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier,
                                   typ_stockage_fichier, auteur_fichier, dat_cre_fichier, id_pj, id_cand,
                                   dat_cre_fichier_fiab)
SELECT STRAIGHT_JOIN
    f.id_fichier, f.cod_fichier, f.file_fichier, f.nom_fichier, f.typ_fichier, f.typ_stockage_fichier,
    f.auteur_fichier, f.dat_cre_fichier, t.id_pj, t.id_cand, %(now)s
FROM tmp_destruct_fichier AS t INNER JOIN fichier AS f ON t.id_fichier = f.id_fichier;
SET @ecb_fiab = ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN pj_cand AS x ON t.id_cand = x.id_cand;
SET @ecb_pj_cand = ROW_COUNT();
DELETE x FROM tmp_destruct_fichier AS t INNER JOIN fichier AS x ON t.id_fichier = x.id_fichier;
SET @ecb_fichier = ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN opi AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN formulaire_cand AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN question_cand AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN post_it AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN formulaire_candidature AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN type_decision_candidature AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN tag_candidature AS x ON t.id_cand = x.id_cand;
SET @ecb_enfants_candidature = @ecb_enfants_candidature + ROW_COUNT();
DELETE x FROM tmp_destruct_candidature AS t INNER JOIN candidature AS x ON t.id_cand = x.id_cand;
SET @ecb_candidature = ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat_bac_ou_equ AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat_cursus_post_bac AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat_cursus_interne AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat_cursus_pro AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat_stage AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN formulaire_candidat AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN pj_candidat AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN pj_opi AS x ON t.id_candidat = x.id_candidat;
SET @ecb_enfants_candidat = @ecb_enfants_candidat + ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN candidat AS x ON t.id_candidat = x.id_candidat;
SET @ecb_candidat = ROW_COUNT();
DELETE x FROM tmp_destruct_candidat AS t INNER JOIN adresse AS x ON t.id_adr = x.id_adr;
SET @ecb_adresse = ROW_COUNT();
DELETE x FROM tmp_destruct_compte AS t INNER JOIN compte_minima AS x ON t.id_cpt_min = x.id_cpt_min;
SELECT
    ROW_COUNT() AS compte_minima,
    @ecb_candidat AS candidat,
    @ecb_candidature AS candidature,
    @ecb_pj_cand AS pj_cand,
    @ecb_fichier AS fichier,
    @ecb_fiab AS fichier_fiabilisation,
    @ecb_enfants_candidature AS enfants_candidature,
    @ecb_enfants_candidat AS enfants_candidat,
    @ecb_adresse AS adresse
