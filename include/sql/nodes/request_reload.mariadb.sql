-- Tell running eCandidat nodes to reload a cache ('param', 'campagne', ...), dated no earlier than
-- the latest check of a candidat node (see request_reload.postgresql.sql for why). GREATEST is NULL
-- when an argument is: no node yet means "now". Pair: request_reload.postgresql.sql.
INSERT INTO load_balancing_reload (cod_data_lb_reload, dat_cre_lb_reload)
SELECT
    %(cod)s,
    GREATEST(CAST(%(now)s AS datetime), COALESCE(MAX(r.dat_last_check_lb_reload_run), CAST(%(now)s AS datetime)))
FROM load_balancing_reload_run AS r
ON DUPLICATE KEY UPDATE dat_cre_lb_reload = VALUES(dat_cre_lb_reload)
