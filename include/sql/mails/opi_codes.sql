-- For CANDIDATURE_MODIF_COD_OPI, the candidatures of tmp_mail_ids announced with their OPI: every OPI
-- of the same candidate's accepted candidatures with its formation, to check the announcing run's stamp
-- and to list the formations that got Apogée's code in that run (not a withdrawal passed with them).
SELECT
    t.id_cand,
    o.id_cand AS id_cand_opi,
    o.cod_opi,
    o.dat_passage_opi,
    f.lib_form
FROM tmp_mail_ids AS t
INNER JOIN candidature AS c ON t.id_cand = c.id_cand
INNER JOIN candidature AS c2 ON c.id_candidat = c2.id_candidat
INNER JOIN opi AS o ON c2.id_cand = o.id_cand
INNER JOIN formation AS f ON c2.id_form = f.id_form
WHERE c2.tem_accept_cand
ORDER BY t.id_cand, o.id_cand
