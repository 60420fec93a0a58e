-- The lists after their heads' promotion, ranked as eCandidat's calculRangReel then ranks them: the
-- promoted (the first ones of each list in tmp_rang_lc) leave it, the others move up by as many
-- places (their order is unchanged, so ranking them again would give the same), for
-- calcul_rang_lc/update.sql to write what changes. Joined with the count per formation only (a few
-- rows): the temporary tables have no index to join them row to row.
DELETE r FROM tmp_rang_lc AS r
INNER JOIN (SELECT id_form, count(*) AS promoted FROM tmp_promotion GROUP BY id_form) AS p
    ON r.id_form = p.id_form
WHERE r.new_rank <= p.promoted;

UPDATE tmp_rang_lc AS r
INNER JOIN (SELECT id_form, count(*) AS promoted FROM tmp_promotion GROUP BY id_form) AS p
    ON r.id_form = p.id_form
SET r.new_rank = r.new_rank - p.promoted;
