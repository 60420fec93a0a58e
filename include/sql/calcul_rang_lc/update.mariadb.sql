-- The real ranks that change, and their candidatures (user_mod_cand 'autoListComp', dat_mod_cand), in
-- one statement; unchanged ranks are not written.
UPDATE type_decision_candidature AS t
INNER JOIN tmp_rang_lc AS r ON t.id_type_dec_cand = r.id_type_dec_cand
INNER JOIN candidature AS c ON t.id_cand = c.id_cand
SET
    t.list_comp_rang_reel_typ_dec_cand = r.new_rank,
    c.user_mod_cand = 'autoListComp',
    c.dat_mod_cand = %(now)s
WHERE NOT t.list_comp_rang_reel_typ_dec_cand <=> r.new_rank;
