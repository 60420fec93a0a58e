-- Benchmark data for one campaign of the demo dataset at a large university's scale, in both dialects:
-- %(accounts)s accounts (ids from %(first)s + 1); the first %(invalid)s unvalidated, expired and without
-- candidat; every other one a candidat with 2 or 3 candidatures (2.5 on average), each with a decision,
-- an OPI and 2 stored files. Ids are computed, so that no statement needs another's generated keys.
-- Text parameters that concat() takes come through a derived table, where PostgreSQL types them.
INSERT INTO compte_minima (id_cpt_min, id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min,
                           mail_perso_cpt_min, login_cpt_min, pwd_cpt_min, valid_key_cpt_min, dat_cre_cpt_min,
                           dat_fin_valid_cpt_min, tem_valid_cpt_min, tem_valid_mail_cpt_min, tem_fc_cpt_min)
WITH RECURSIVE seq (n) AS (
    SELECT 1
    UNION ALL
    SELECT seq.n + 1 FROM seq WHERE seq.n < %(accounts)s
)
SELECT
    %(first)s + seq.n, %(id_camp)s, concat(p.prefix, lpad(concat(seq.n, ''), 7, '0')), concat('NOM', seq.n),
    concat('P', seq.n), concat('c', seq.n, '@example.org'), concat(p.prefix, lpad(concat(seq.n, ''), 7, '0')),
    'x', concat('k', %(first)s + seq.n), %(created)s, %(expired)s, seq.n > %(invalid)s, seq.n > %(invalid)s, FALSE
FROM seq
CROSS JOIN (SELECT %(prefix)s AS prefix) AS p;
INSERT INTO histo_num_dossier (num_dossier, cod_camp)
SELECT m.num_dossier_opi_cpt_min, %(cod_camp)s
FROM compte_minima AS m
WHERE m.id_cpt_min > %(first)s AND m.id_cpt_min <= %(first)s + %(accounts)s;
INSERT INTO adresse (id_adr, cod_pay, typ_siscol, adr1_adr)
SELECT m.id_cpt_min, '100', 'D', concat('rue ', m.id_cpt_min)
FROM compte_minima AS m
WHERE m.id_cpt_min > %(first)s AND m.id_cpt_min <= %(first)s + %(accounts)s AND m.tem_valid_cpt_min;
INSERT INTO candidat (id_candidat, typ_siscol, cod_civ, nom_pat_candidat, prenom_candidat, dat_naiss_candidat,
                      cod_pay_nat, cod_pay_naiss, id_adr, cod_langue, id_cpt_min, tem_updatable_candidat)
SELECT m.id_cpt_min, 'D', 'M.', 'NOM', 'P', %(born)s, '100', '100', m.id_cpt_min, 'fr', m.id_cpt_min, TRUE
FROM compte_minima AS m
WHERE m.id_cpt_min > %(first)s AND m.id_cpt_min <= %(first)s + %(accounts)s AND m.tem_valid_cpt_min;
-- Candidature k (1..3, the third for even ids) of candidat i has the id 4 i + k, in formation 1 + (i + k) mod 3.
INSERT INTO candidature (id_cand, typ_siscol, id_form, id_candidat, cod_typ_trait, tem_valid_typ_trait_cand,
                         cod_typ_statut, tem_proposition_cand, dat_cre_cand, user_cre_cand, dat_mod_cand,
                         user_mod_cand)
SELECT 4 * ca.id_candidat + k.k, 'D', 1 + mod(ca.id_candidat + k.k, 3), ca.id_candidat, 'AC', TRUE, 'CO', FALSE,
       %(created)s, 'bench', %(created)s, 'bench'
FROM candidat AS ca
CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) AS k
WHERE ca.id_candidat > %(first)s AND ca.id_candidat <= %(first)s + %(accounts)s
  AND (k.k < 3 OR mod(ca.id_candidat, 2) = 0);
INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand,
                                       user_cre_type_dec_cand, tem_valid_type_dec_cand)
SELECT cd.id_cand, td.id_typ_dec, FALSE, %(created)s, 'bench', TRUE
FROM candidature AS cd
INNER JOIN type_decision AS td ON td.cod_typ_dec = 'AVIS_FAVORABLE'
WHERE cd.id_candidat > %(first)s AND cd.id_candidat <= %(first)s + %(accounts)s;
INSERT INTO opi (id_cand, dat_cre_opi, dat_passage_opi)
SELECT cd.id_cand, %(created)s, %(created)s
FROM candidature AS cd
WHERE cd.id_candidat > %(first)s AND cd.id_candidat <= %(first)s + %(accounts)s;
-- File 2 c + p - 1 for piece p (1, 2) of candidature c, in eCandidat's folder layout.
INSERT INTO fichier (id_fichier, cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,
                     auteur_fichier, dat_cre_fichier)
SELECT 2 * cd.id_cand + pj.id_pj - 1, concat('PJ_', pj.cod_pj, '_', cd.id_cand),
       concat(c.cod_camp, '/', m.num_dossier_opi_cpt_min, '/', pj.cod_pj, '_', cd.id_cand, '.pdf'),
       concat(pj.cod_pj, '.pdf'), 'C', 'F', m.num_dossier_opi_cpt_min, %(filed)s
FROM candidature AS cd
INNER JOIN compte_minima AS m ON m.id_cpt_min = cd.id_candidat
INNER JOIN campagne AS c ON c.id_camp = m.id_camp
CROSS JOIN piece_justif AS pj
WHERE cd.id_candidat > %(first)s AND cd.id_candidat <= %(first)s + %(accounts)s AND pj.id_pj IN (1, 2);
INSERT INTO pj_cand (id_pj, id_cand, id_fichier, cod_typ_statut_piece, dat_cre_pj_cand, user_cre_pj_cand,
                     dat_mod_pj_cand, user_mod_pj_cand)
SELECT pj.id_pj, cd.id_cand, 2 * cd.id_cand + pj.id_pj - 1, 'TR', %(created)s, 'bench', %(created)s, 'bench'
FROM candidature AS cd
CROSS JOIN piece_justif AS pj
WHERE cd.id_candidat > %(first)s AND cd.id_candidat <= %(first)s + %(accounts)s AND pj.id_pj IN (1, 2)
