-- Tell running eCandidat nodes to reload a cache ('param', 'campagne', ...): the request's time is
-- what candidat nodes compare with their last check. Pair: request_reload.mariadb.sql.
INSERT INTO load_balancing_reload (cod_data_lb_reload, dat_cre_lb_reload)
VALUES (%(cod)s, %(now)s)
ON CONFLICT (cod_data_lb_reload) DO UPDATE SET dat_cre_lb_reload = EXCLUDED.dat_cre_lb_reload
