-- The promoted candidatures: the new confirmation deadline eCandidat gives (today + the formation's
-- complementary-list delay when it has one, null unless the promoted decision is favourable; else its
-- complementary-list date; none: the old one kept), modified by 'autoListComp', waiting for their
-- candidate's answer again.
UPDATE candidature AS c
INNER JOIN tmp_promotion AS p ON c.id_cand = p.id_cand
SET
    c.dat_new_confirm_cand = coalesce(
        CASE
            WHEN p.delai IS NOT NULL
                THEN CASE WHEN p.cod_typ_avis = 'FA' THEN DATE_ADD(CAST(%(today)s AS DATE), INTERVAL p.delai DAY) END
            ELSE p.dat_confirm
        END,
        c.dat_new_confirm_cand
    ),
    c.user_mod_cand = 'autoListComp',
    c.dat_mod_cand = %(now)s,
    c.tem_accept_cand = NULL;
