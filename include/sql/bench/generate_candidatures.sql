-- 2 or 3 candidatures per candidat (2.5 on average), each with a decision, an OPI and 2 files.
WITH cand AS (
    SELECT ca.id_candidat, m.num_dossier_opi_cpt_min AS dossier
    FROM candidat ca JOIN compte_minima m USING (id_cpt_min) JOIN campagne c USING (id_camp)
    WHERE c.cod_camp = %(cod_camp)s
), forms AS (SELECT array_agg(id_form ORDER BY id_form) AS ids FROM formation),
cdt AS (
    INSERT INTO candidature (id_candidat, id_form)
    SELECT cand.id_candidat, forms.ids[1 + mod(cand.id_candidat + k, array_length(forms.ids, 1))]
    FROM cand, forms, generate_series(1, 3) AS k
    WHERE k < 3 OR mod(cand.id_candidat, 2) = 0
    RETURNING id_cand, id_candidat
), tdc AS (
    INSERT INTO type_decision_candidature (id_cand, id_typ_dec, tem_valid_type_dec_cand)
    SELECT id_cand, (SELECT min(id_typ_dec) FROM type_decision), true FROM cdt RETURNING 1
), op AS (
    INSERT INTO opi (id_cand, dat_passage_opi) SELECT id_cand, localtimestamp FROM cdt RETURNING 1
), fic AS (
    INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier, dat_cre_fichier)
    SELECT 'PJ_' || pj.id_pj || '_' || cdt.id_cand,
           %(cod_camp)s || '/' || cdt.id_candidat || '/' || pj.id_pj || '_' || cdt.id_cand || '.pdf',
           'pj.pdf', 'C', 'F', localtimestamp - interval '500 days'
    FROM cdt CROSS JOIN (SELECT id_pj FROM piece_justif ORDER BY id_pj LIMIT 2) pj
    RETURNING id_fichier, cod_fichier
)
INSERT INTO pj_cand (id_pj, id_cand, id_fichier, cod_typ_statut_piece)
SELECT split_part(cod_fichier, '_', 2)::integer, split_part(cod_fichier, '_', 3)::integer, id_fichier, 'TRA'
FROM fic
