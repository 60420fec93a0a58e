-- siscol_utilisateur is rebuilt: id_uti numbered 1..n by login, as eCandidat renumbers it each time.
UPDATE tmp_siscol_staging AS s SET id_uti = n.rank_uti
FROM (
    SELECT
        staged_order,
        row_number() OVER (ORDER BY cod_uti) AS rank_uti
    FROM tmp_siscol_staging
) AS n
WHERE s.staged_order = n.staged_order;
