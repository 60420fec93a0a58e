-- eCandidat's candidatFirstCandidatureListComp, once per withdrawal of this run: in each formation on
-- the complementary list with a decision type to promote to, as many candidatures as this run
-- withdrew (those of tmp_attente_confirm it stamped), taken from the head of its list (eCandidat's findTypDecLc: the latest decision of each candidature of the
-- campaign not cancelled, when it is a validated LC decision with a rank; by rank, then id). Each gets
-- the new confirmation deadline eCandidat gives: today + the formation's complementary-list delay when
-- it has one (null unless the promoted decision is favourable), else its complementary-list date.
CREATE TEMPORARY TABLE tmp_promotion AS
WITH places AS (
    SELECT a.id_form, count(*) AS places
    FROM tmp_attente_confirm AS a
    INNER JOIN candidature AS c ON a.id_cand = c.id_cand
    WHERE c.user_accept_cand = 'autoDesist' AND c.dat_accept_cand = %(now)s
    GROUP BY a.id_form
),

latest AS (
    SELECT max(tdc.id_type_dec_cand) AS id_type_dec_cand
    FROM type_decision_candidature AS tdc
    INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
    INNER JOIN formation AS f ON c.id_form = f.id_form
    INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
    INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
    WHERE
        m.id_camp = %(id_camp)s AND c.dat_annul_cand IS NULL
        AND f.tem_list_comp_form AND f.id_typ_dec_fav_list_comp IS NOT NULL
    GROUP BY tdc.id_cand
),

listed AS (
    SELECT
        tdc.id_cand,
        c.id_form,
        row_number() OVER (
            PARTITION BY c.id_form
            ORDER BY tdc.list_comp_rang_typ_dec_cand, tdc.id_type_dec_cand
        ) AS position
    FROM latest
    INNER JOIN type_decision_candidature AS tdc ON latest.id_type_dec_cand = tdc.id_type_dec_cand
    INNER JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
    INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
    WHERE
        tdc.tem_valid_type_dec_cand AND tdc.list_comp_rang_typ_dec_cand IS NOT NULL
        AND td.cod_typ_avis = 'LC'
)

SELECT
    l.id_cand,
    l.id_form,
    f.id_typ_dec_fav_list_comp AS id_typ_dec,
    CASE
        WHEN f.delai_confirm_list_comp_form IS NOT NULL
            THEN CASE WHEN fav.cod_typ_avis = 'FA' THEN DATE_ADD(CAST(%(today)s AS DATE), INTERVAL f.delai_confirm_list_comp_form DAY) END
        ELSE f.dat_confirm_list_comp_form
    END AS new_confirm
FROM listed AS l
INNER JOIN places AS p ON l.id_form = p.id_form
INNER JOIN formation AS f ON l.id_form = f.id_form
INNER JOIN type_decision AS fav ON f.id_typ_dec_fav_list_comp = fav.id_typ_dec
WHERE l.position <= p.places AND f.tem_list_comp_form;

-- The promoted candidatures: their new deadline (when there is one), modified by 'autoListComp', and
-- waiting for their candidate's answer again.
UPDATE candidature AS c
INNER JOIN tmp_promotion AS p ON c.id_cand = p.id_cand
SET
    c.dat_new_confirm_cand = coalesce(p.new_confirm, c.dat_new_confirm_cand),
    c.user_mod_cand = 'autoListComp',
    c.dat_mod_cand = %(now)s,
    c.tem_accept_cand = NULL;
