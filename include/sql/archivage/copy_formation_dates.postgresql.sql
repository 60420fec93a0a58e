-- Freeze the formation's eight dates into the candidatures of the campaign being archived, one
-- chunk of the campaign's accounts (by id) per transaction. Only the candidatures whose dates change
-- are written, with dat_mod_cand = now as eCandidat's @PreUpdate does (so a rerun writes nothing). Chunks follow the accounts (an index range on compte_minima (id_camp, id_cpt_min)) and reach
-- their candidatures through the foreign-key indexes, so each chunk costs the same however big the
-- campaign. Returns the candidatures changed and the last account of the chunk (NULL: no account left).
-- Pair: copy_formation_dates.mariadb.sql.
WITH acc AS (
    SELECT id_cpt_min FROM compte_minima
    WHERE id_camp = %(old_id_camp)s AND id_cpt_min > %(after)s
    ORDER BY id_cpt_min
    LIMIT %(chunk)s
), cdt AS (
    SELECT c.id_cand, c.id_form
    FROM acc
    JOIN candidat ca ON ca.id_cpt_min = acc.id_cpt_min
    JOIN candidature c ON c.id_candidat = ca.id_candidat
), updated AS (
    UPDATE candidature c
    SET dat_analyse_form = f.dat_analyse_form,
        dat_confirm_form = f.dat_confirm_form,
        delai_confirm_form = f.delai_confirm_form,
        dat_deb_depot_form = f.dat_deb_depot_form,
        dat_fin_depot_form = f.dat_fin_depot_form,
        dat_retour_form = f.dat_retour_form,
        dat_publi_form = f.dat_publi_form,
        dat_jury_form = f.dat_jury_form,
        dat_mod_cand = %(now)s
    FROM cdt, formation f
    WHERE c.id_cand = cdt.id_cand AND f.id_form = cdt.id_form
      AND (c.dat_analyse_form, c.dat_confirm_form, c.delai_confirm_form, c.dat_deb_depot_form,
           c.dat_fin_depot_form, c.dat_retour_form, c.dat_publi_form, c.dat_jury_form)
          IS DISTINCT FROM
          (f.dat_analyse_form, f.dat_confirm_form, f.delai_confirm_form, f.dat_deb_depot_form,
           f.dat_fin_depot_form, f.dat_retour_form, f.dat_publi_form, f.dat_jury_form)
    RETURNING 1
)
SELECT (SELECT count(*) FROM updated), (SELECT max(id_cpt_min) FROM acc)
