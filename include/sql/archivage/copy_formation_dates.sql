-- Freeze the formation's eight dates into the candidatures of the campaign being archived, one
-- chunk of candidatures (by id) per transaction. Idempotent: copying again writes the same values.
WITH chunk AS (
    SELECT c.id_cand
    FROM candidature c
    JOIN candidat ca ON ca.id_candidat = c.id_candidat
    JOIN compte_minima m ON m.id_cpt_min = ca.id_cpt_min
    WHERE m.id_camp = %(old_id_camp)s AND c.id_cand > %(after)s
    ORDER BY c.id_cand
    LIMIT %(chunk)s
), updated AS (
    UPDATE candidature c
    SET dat_analyse_form = f.dat_analyse_form,
        dat_confirm_form = f.dat_confirm_form,
        delai_confirm_form = f.delai_confirm_form,
        dat_deb_depot_form = f.dat_deb_depot_form,
        dat_fin_depot_form = f.dat_fin_depot_form,
        dat_retour_form = f.dat_retour_form,
        dat_publi_form = f.dat_publi_form,
        dat_jury_form = f.dat_jury_form
    FROM chunk, formation f
    WHERE c.id_cand = chunk.id_cand AND f.id_form = c.id_form
    RETURNING c.id_cand
)
SELECT count(*), max(id_cand) FROM updated
