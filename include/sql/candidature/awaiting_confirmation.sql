-- The candidatures of the active campaign waiting for their candidate's answer (eCandidat's
-- findTypDecFavoNotAccept): not cancelled, not answered (and, for BATCH_RELANCE_FAVO, not reminded
-- yet), whose latest decision (the highest id) is a validated favourable one; with the confirmation
-- deadline of eCandidat's getDateConfirmCandidat: the candidature's own new deadline, else, when the
-- formation has a delay, the decision's validation day + that delay, else the formation's date.
-- Kept in a temporary table (gone with the session) that the batch's statements read.
CREATE TEMPORARY TABLE tmp_attente_confirm AS
WITH latest AS (
    SELECT max(tdc.id_type_dec_cand) AS id_type_dec_cand
    FROM type_decision_candidature AS tdc
    INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
    INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
    INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
    WHERE
        m.id_camp = %(id_camp)s AND c.dat_annul_cand IS NULL AND c.tem_accept_cand IS NULL
        AND (NOT %(not_reminded)s OR NOT c.tem_relance_cand)
    GROUP BY tdc.id_cand
)

SELECT
    c.id_cand,
    c.id_form,
    CASE
        WHEN c.dat_new_confirm_cand IS NOT NULL THEN c.dat_new_confirm_cand
        WHEN f.delai_confirm_form IS NOT NULL THEN DATE_ADD(CAST(tdc.dat_valid_type_dec_cand AS DATE), INTERVAL f.delai_confirm_form DAY)
        ELSE f.dat_confirm_form
    END AS deadline
FROM latest
INNER JOIN type_decision_candidature AS tdc ON latest.id_type_dec_cand = tdc.id_type_dec_cand
INNER JOIN type_decision AS td ON tdc.id_typ_dec = td.id_typ_dec
INNER JOIN candidature AS c ON tdc.id_cand = c.id_cand
INNER JOIN formation AS f ON c.id_form = f.id_form
WHERE tdc.tem_valid_type_dec_cand AND td.cod_typ_avis = 'FA';

SELECT count(*) AS waiting FROM tmp_attente_confirm;
