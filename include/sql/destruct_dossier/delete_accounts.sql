-- Destroy one chunk of a campaign's accounts with everything that depends on them, in one
-- statement (one transaction): an account is either whole or gone. eCandidat's database has no
-- cascades; the order below is its JPA cascade order. Foreign keys are checked at the end of the
-- statement, when parents and children are all gone.
-- The attachment files are recorded in fichier_fiabilisation before their fichier rows go, so a
-- crash between this commit and the file deletions leaves a row from which the next run retries.
WITH acc AS (
    SELECT id_cpt_min FROM compte_minima
    WHERE id_camp = %(id_camp)s
    ORDER BY id_cpt_min
    LIMIT %(chunk)s
    FOR UPDATE
), cand AS (
    SELECT ca.id_candidat, ca.id_adr FROM candidat ca JOIN acc USING (id_cpt_min)
), cdt AS (
    SELECT c.id_cand FROM candidature c JOIN cand USING (id_candidat)
), pjc AS (
    DELETE FROM pj_cand p USING cdt WHERE p.id_cand = cdt.id_cand
    RETURNING p.id_pj, p.id_cand, p.id_fichier
), files AS (
    -- a fichier shared with a row that stays (another pj_cand, a commission, a piece_justif) stays
    SELECT DISTINCT ON (f.id_fichier) f.*, pjc.id_pj, pjc.id_cand
    FROM fichier f JOIN pjc ON pjc.id_fichier = f.id_fichier
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
    RETURNING 1
), fic AS (
    DELETE FROM fichier f USING files WHERE f.id_fichier = files.id_fichier RETURNING 1
), opi AS (DELETE FROM opi x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
fcand AS (DELETE FROM formulaire_cand x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
qcand AS (DELETE FROM question_cand x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
postit AS (DELETE FROM post_it x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
fcandidature AS (DELETE FROM formulaire_candidature x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
tdc AS (DELETE FROM type_decision_candidature x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
tagc AS (DELETE FROM tag_candidature x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
candidatures AS (DELETE FROM candidature x USING cdt WHERE x.id_cand = cdt.id_cand RETURNING 1),
bac AS (DELETE FROM candidat_bac_ou_equ x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
cpb AS (DELETE FROM candidat_cursus_post_bac x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
cci AS (DELETE FROM candidat_cursus_interne x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
ccp AS (DELETE FROM candidat_cursus_pro x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
stage AS (DELETE FROM candidat_stage x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
fcandidat AS (DELETE FROM formulaire_candidat x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
pjcandidat AS (DELETE FROM pj_candidat x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
pjopi AS (DELETE FROM pj_opi x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
candidats AS (DELETE FROM candidat x USING cand WHERE x.id_candidat = cand.id_candidat RETURNING 1),
adresses AS (DELETE FROM adresse x USING cand WHERE x.id_adr = cand.id_adr RETURNING 1),
comptes AS (DELETE FROM compte_minima x USING acc WHERE x.id_cpt_min = acc.id_cpt_min RETURNING 1)
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
       (SELECT count(*) FROM adresses) AS adresse
