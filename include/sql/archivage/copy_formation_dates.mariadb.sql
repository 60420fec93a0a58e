-- Freeze the formation's eight dates into the candidatures of the campaign being archived, one chunk
-- of the campaign's accounts (by id) per transaction; idempotent. MariaDB has no data-modifying CTE:
-- the chunk's last account is read first (an index range on compte_minima (id_camp, id_cpt_min)),
-- then the candidatures of the campaign's accounts in (after, last] are updated through a join: two
-- numbers bound, never a list that grows with the chunk (whatever chunk_size).
-- Only the candidatures whose dates change are written, with dat_mod_cand = now (eCandidat's
-- @PreUpdate); the condition is in the WHERE clause, evaluated before any assignment. Returns the
-- candidatures changed and the chunk's last account (NULL: no account left), as the PostgreSQL
-- statement does. Pair: copy_formation_dates.postgresql.sql.
SET @ecb_last = (
    SELECT max(a.id_cpt_min)
    FROM (
        SELECT id_cpt_min FROM compte_minima
        WHERE id_camp = %(old_id_camp)s AND id_cpt_min > %(after)s
        ORDER BY id_cpt_min
        LIMIT %(chunk)s
    ) AS a
);
UPDATE compte_minima AS m
INNER JOIN candidat AS ca ON m.id_cpt_min = ca.id_cpt_min
INNER JOIN candidature AS c ON ca.id_candidat = c.id_candidat
INNER JOIN formation AS f ON c.id_form = f.id_form
SET c.dat_analyse_form = f.dat_analyse_form,
    c.dat_confirm_form = f.dat_confirm_form,
    c.delai_confirm_form = f.delai_confirm_form,
    c.dat_deb_depot_form = f.dat_deb_depot_form,
    c.dat_fin_depot_form = f.dat_fin_depot_form,
    c.dat_retour_form = f.dat_retour_form,
    c.dat_publi_form = f.dat_publi_form,
    c.dat_jury_form = f.dat_jury_form,
    c.dat_mod_cand = %(now)s
WHERE m.id_camp = %(old_id_camp)s AND m.id_cpt_min > %(after)s AND m.id_cpt_min <= @ecb_last
  AND NOT (c.dat_analyse_form <=> f.dat_analyse_form AND c.dat_confirm_form <=> f.dat_confirm_form
           AND c.delai_confirm_form <=> f.delai_confirm_form AND c.dat_deb_depot_form <=> f.dat_deb_depot_form
           AND c.dat_fin_depot_form <=> f.dat_fin_depot_form AND c.dat_retour_form <=> f.dat_retour_form
           AND c.dat_publi_form <=> f.dat_publi_form AND c.dat_jury_form <=> f.dat_jury_form);
SELECT ROW_COUNT(), @ecb_last
