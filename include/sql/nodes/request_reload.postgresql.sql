-- Tell running eCandidat nodes to reload a cache ('param', 'campagne', ...). A candidat node reloads
-- the caches whose request is dated at or after its last check (load_balancing_reload_run), in Paris
-- wall-clock time. When the clocks go back in autumn, "now" can be earlier than a check made in the
-- hour before, and eCandidat's own batches then went unseen for up to an hour; the request is dated
-- no earlier than the latest check, so that every node sees it at its next poll (a node may reload
-- twice in that hour, which is harmless). Pair: request_reload.mariadb.sql.
INSERT INTO load_balancing_reload (cod_data_lb_reload, dat_cre_lb_reload)
SELECT
    %(cod)s,
    GREATEST(CAST(%(now)s AS timestamp), COALESCE(MAX(r.dat_last_check_lb_reload_run), CAST(%(now)s AS timestamp)))
FROM load_balancing_reload_run AS r
ON CONFLICT (cod_data_lb_reload) DO UPDATE SET dat_cre_lb_reload = EXCLUDED.dat_cre_lb_reload
