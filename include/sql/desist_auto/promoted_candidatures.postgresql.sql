-- The promoted candidatures: the new confirmation deadline eCandidat gives (today + the formation's
-- complementary-list delay when it has one, null unless the promoted decision is favourable; else its
-- complementary-list date; none: the old one kept), modified by 'autoListComp', waiting for their
-- candidate's answer again.
UPDATE candidature AS c
SET
    dat_new_confirm_cand = coalesce(
        CASE
            WHEN p.delai IS NOT NULL
                THEN CASE WHEN p.cod_typ_avis = 'FA' THEN CAST(%(today)s AS DATE) + p.delai END
            ELSE p.dat_confirm
        END,
        c.dat_new_confirm_cand
    ),
    user_mod_cand = 'autoListComp',
    dat_mod_cand = %(now)s,
    tem_accept_cand = NULL
FROM tmp_promotion AS p
WHERE c.id_cand = p.id_cand;
