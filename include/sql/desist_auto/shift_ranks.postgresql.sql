-- The lists after their heads' promotion, ranked as eCandidat's calculRangReel then ranks them: the
-- promoted (the first ones of each list in tmp_rang_lc) leave it, the others move up by as many
-- places (their order is unchanged, so ranking them again would give the same), for
-- calcul_rang_lc/update.sql to write what changes.
DELETE FROM tmp_rang_lc AS r
USING (SELECT id_form, count(*) AS promoted FROM tmp_promotion GROUP BY id_form) AS p
WHERE r.id_form = p.id_form AND r.new_rank <= p.promoted;

UPDATE tmp_rang_lc AS r
SET new_rank = r.new_rank - p.promoted
FROM (SELECT id_form, count(*) AS promoted FROM tmp_promotion GROUP BY id_form) AS p
WHERE r.id_form = p.id_form;
