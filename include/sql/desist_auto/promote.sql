-- The promotions' new decisions: the formation's decision type for the complementary list, validated
-- at once by 'autoListComp' (eCandidat's saveTypeDecisionCandidature).
INSERT INTO type_decision_candidature (
    id_cand, id_typ_dec, tem_appel_type_dec_cand, dat_cre_type_dec_cand, user_cre_type_dec_cand,
    tem_valid_type_dec_cand, dat_valid_type_dec_cand, user_valid_type_dec_cand
)
SELECT p.id_cand, p.id_typ_dec, FALSE, %(now)s, 'autoListComp', TRUE, %(now)s, 'autoListComp'
FROM tmp_promotion AS p
ORDER BY p.id_cand;
