-- The real ranks that change, and their candidatures (user_mod_cand 'autoListComp', dat_mod_cand), in
-- one statement; unchanged ranks are not written. (MariaDB materialises the ranked derived table
-- before the update, as window functions require.)
UPDATE type_decision_candidature AS t
INNER JOIN (
    SELECT
        tdc.id_type_dec_cand,
        row_number() OVER (
            PARTITION BY c.id_form
            ORDER BY tdc.list_comp_rang_typ_dec_cand, tdc.id_type_dec_cand
        ) AS new_rank
    FROM (
        SELECT max(x.id_type_dec_cand) AS id_type_dec_cand
        FROM type_decision_candidature AS x
        INNER JOIN candidature AS xc ON x.id_cand = xc.id_cand
        INNER JOIN formation AS f ON xc.id_form = f.id_form
        INNER JOIN candidat AS ca ON xc.id_candidat = ca.id_candidat
        INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
        WHERE
            f.tes_form AND f.tem_list_comp_form AND f.typ_siscol = %(typ_siscol)s
            AND m.id_camp = %(id_camp)s AND xc.dat_annul_cand IS NULL
        GROUP BY x.id_cand
    ) AS latest
    INNER JOIN type_decision_candidature AS tdc ON latest.id_type_dec_cand = tdc.id_type_dec_cand
    INNER JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
    INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
    WHERE
        tdc.tem_valid_type_dec_cand AND tdc.list_comp_rang_typ_dec_cand IS NOT NULL
        AND td.cod_typ_avis = 'LC'
) AS ranked ON t.id_type_dec_cand = ranked.id_type_dec_cand
INNER JOIN candidature AS cand ON t.id_cand = cand.id_cand
SET
    t.list_comp_rang_reel_typ_dec_cand = ranked.new_rank,
    cand.user_mod_cand = 'autoListComp',
    cand.dat_mod_cand = %(now)s
WHERE NOT t.list_comp_rang_reel_typ_dec_cand <=> ranked.new_rank;
