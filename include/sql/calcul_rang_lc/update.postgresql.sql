-- The real ranks that change, and their candidatures (user_mod_cand 'autoListComp', dat_mod_cand), in
-- one statement; unchanged ranks are not written.
WITH changed AS (
    UPDATE type_decision_candidature AS t
    SET list_comp_rang_reel_typ_dec_cand = r.new_rank
    FROM tmp_rang_lc AS r
    WHERE
        t.id_type_dec_cand = r.id_type_dec_cand
        AND t.list_comp_rang_reel_typ_dec_cand IS DISTINCT FROM r.new_rank
    RETURNING t.id_cand
),

touched AS (
    UPDATE candidature AS c
    SET user_mod_cand = 'autoListComp', dat_mod_cand = %(now)s
    FROM changed
    WHERE c.id_cand = changed.id_cand
    RETURNING c.id_cand
)

SELECT (SELECT count(*) FROM changed) AS decisions, (SELECT count(*) FROM touched) AS candidatures;
