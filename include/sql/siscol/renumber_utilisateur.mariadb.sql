-- siscol_utilisateur is rebuilt: id_uti numbered 1..n by login, as eCandidat renumbers it each time
-- (the rows were loaded with negative ids, so that no number is taken twice on the way).
SET @rank_uti := 0;
UPDATE tmp_siscol_staging SET id_uti = (@rank_uti := @rank_uti + 1) ORDER BY cod_uti;
