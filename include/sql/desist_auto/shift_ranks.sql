-- The lists after their heads' promotion, ranked as eCandidat's calculRangReel then ranks them: the
-- promoted leave tmp_rang_lc, the others move up by as many places (their order is unchanged, so
-- ranking them again would give the same), for calcul_rang_lc/update.sql to write what changes.
DELETE FROM tmp_rang_lc
WHERE id_cand IN (SELECT p.id_cand FROM tmp_promotion AS p);

UPDATE tmp_rang_lc
SET new_rank = new_rank - (SELECT count(*) FROM tmp_promotion AS p WHERE p.id_form = tmp_rang_lc.id_form);
