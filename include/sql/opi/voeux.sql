-- Every OPI of the candidates of ranks %(first)s..%(last)s (eCandidat sends all of a candidate's OPIs
-- in batch mode), with its candidature and formation: what a wish needs and what verification matches.
SELECT
    ca.id_candidat,
    o.id_cand,
    o.dat_passage_opi,
    o.cod_opi,
    ca.tem_accept_cand,
    f.typ_siscol,
    f.lib_form,
    f.cod_etp_vet_apo_form,
    f.cod_vrs_vet_apo_form,
    f.cod_dip_apo_form,
    f.cod_vrs_vdi_apo_form,
    f.cod_cge,
    f.cod_pegase_form,
    ca.cod_cat_exo_ext,
    ca.mnt_charge_cand,
    ca.cod_rgi
FROM tmp_opi_candidat AS t
INNER JOIN candidature AS ca ON t.id_candidat = ca.id_candidat
INNER JOIN opi AS o ON ca.id_cand = o.id_cand
INNER JOIN formation AS f ON ca.id_form = f.id_form
WHERE t.rang BETWEEN %(first)s AND %(last)s
ORDER BY t.rang, o.id_cand
