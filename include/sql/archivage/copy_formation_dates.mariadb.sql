-- Freeze the formation's eight dates into the candidatures of the campaign being archived, one chunk
-- of the campaign's accounts (by id) per transaction; idempotent. MariaDB has no data-modifying CTE:
-- the chunk's accounts are read first (their candidatures locked), then updated through a join.
-- Only the candidatures whose dates change are written, with dat_mod_cand = now (eCandidat's
-- @PreUpdate); the condition is in the WHERE clause, evaluated before any assignment. Returns the
-- candidatures changed and the chunk's last account (NULL: no account left), as the PostgreSQL
-- statement does. Pair: copy_formation_dates.postgresql.sql.
-- into: accounts
SELECT id_cpt_min FROM compte_minima
WHERE id_camp = %(old_id_camp)s AND id_cpt_min > %(after)s
ORDER BY id_cpt_min
LIMIT %(chunk)s;
UPDATE candidature c
JOIN candidat ca ON ca.id_candidat = c.id_candidat
JOIN formation f ON f.id_form = c.id_form
SET c.dat_analyse_form = f.dat_analyse_form,
    c.dat_confirm_form = f.dat_confirm_form,
    c.delai_confirm_form = f.delai_confirm_form,
    c.dat_deb_depot_form = f.dat_deb_depot_form,
    c.dat_fin_depot_form = f.dat_fin_depot_form,
    c.dat_retour_form = f.dat_retour_form,
    c.dat_publi_form = f.dat_publi_form,
    c.dat_jury_form = f.dat_jury_form,
    c.dat_mod_cand = %(now)s
WHERE ca.id_cpt_min IN %(accounts)s
  AND NOT (c.dat_analyse_form <=> f.dat_analyse_form AND c.dat_confirm_form <=> f.dat_confirm_form
           AND c.delai_confirm_form <=> f.delai_confirm_form AND c.dat_deb_depot_form <=> f.dat_deb_depot_form
           AND c.dat_fin_depot_form <=> f.dat_fin_depot_form AND c.dat_retour_form <=> f.dat_retour_form
           AND c.dat_publi_form <=> f.dat_publi_form AND c.dat_jury_form <=> f.dat_jury_form);
SELECT ROW_COUNT(), (SELECT max(id_cpt_min) FROM compte_minima WHERE id_cpt_min IN %(accounts)s)
