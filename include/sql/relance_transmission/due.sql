-- The candidatures to remind today: of the active campaign, not cancelled, whose file the candidate has
-- not transmitted yet (eCandidat's "en attente" status, cod_typ_statut 'AT', and no
-- dat_trans_dossier_cand: "Transmettre ma candidature" sets the status to 'RE' and that date at once),
-- of the formations concerned (every one when the settings list none), whose return deadline is one of
-- the reminder days (today + each delay). The deadline is eCandidat's getDateRetourCandidat: the
-- candidature's own new date when it is not earlier than the formation's, else the formation's.
SELECT
    c.id_cand,
    CASE
        WHEN
            c.dat_new_retour_cand IS NOT NULL
            AND (f.dat_retour_form IS NULL OR c.dat_new_retour_cand >= f.dat_retour_form)
            THEN c.dat_new_retour_cand
        ELSE f.dat_retour_form
    END AS deadline
FROM candidature AS c
INNER JOIN candidat AS ca ON c.id_candidat = ca.id_candidat
INNER JOIN compte_minima AS m ON ca.id_cpt_min = m.id_cpt_min
INNER JOIN formation AS f ON c.id_form = f.id_form
WHERE
    m.id_camp = %(id_camp)s
    AND c.cod_typ_statut = 'AT'
    AND c.dat_trans_dossier_cand IS NULL
    AND c.dat_annul_cand IS NULL
    AND (%(all_formations)s OR f.cod_form IN %(formations)s)
    AND CASE
        WHEN
            c.dat_new_retour_cand IS NOT NULL
            AND (f.dat_retour_form IS NULL OR c.dat_new_retour_cand >= f.dat_retour_form)
            THEN c.dat_new_retour_cand
        ELSE f.dat_retour_form
    END IN %(deadlines)s
ORDER BY c.id_cand
