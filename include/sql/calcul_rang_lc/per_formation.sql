-- Per formation: the decisions ranked and those whose real rank changes (counted per id, then named:
-- grouping by the code made both engines carry the joined rows).
SELECT f.cod_form, r.decisions, r.changes
FROM (
    SELECT
        id_form,
        count(*) AS decisions,
        sum(CASE WHEN old_rank IS NULL OR old_rank <> new_rank THEN 1 ELSE 0 END) AS changes
    FROM tmp_rang_lc
    GROUP BY id_form
) AS r
INNER JOIN formation AS f ON r.id_form = f.id_form
ORDER BY f.cod_form;
