-- Per formation: the decisions ranked and those whose real rank changes.
SELECT
    f.cod_form,
    count(*) AS decisions,
    sum(CASE WHEN r.old_rank IS NULL OR r.old_rank <> r.new_rank THEN 1 ELSE 0 END) AS changes
FROM tmp_rang_lc AS r
INNER JOIN formation AS f ON r.id_form = f.id_form
GROUP BY f.cod_form
ORDER BY f.cod_form;
