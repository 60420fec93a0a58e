-- eCandidat's candidatFirstCandidatureListComp, once per withdrawal of this run: in each formation of
-- tmp_lc_formation, as many candidatures as it lost (tmp_desiste), from the head of its list as ranked in
-- tmp_rang_lc (by rank, then id), with what their new confirmation deadline is made of
-- (promoted_candidatures.sql).
CREATE TEMPORARY TABLE tmp_promotion AS
SELECT
    r.id_cand,
    r.id_form,
    f.id_typ_dec_fav_list_comp AS id_typ_dec,
    fav.cod_typ_avis,
    f.delai_confirm_list_comp_form AS delai,
    f.dat_confirm_list_comp_form AS dat_confirm
FROM tmp_rang_lc AS r
INNER JOIN (
    SELECT d.id_form, count(*) AS places FROM tmp_desiste AS d GROUP BY d.id_form
) AS p ON r.id_form = p.id_form
INNER JOIN formation AS f ON r.id_form = f.id_form
INNER JOIN type_decision AS fav ON f.id_typ_dec_fav_list_comp = fav.id_typ_dec
WHERE r.new_rank <= p.places;
