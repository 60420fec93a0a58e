-- Tell running eCandidat nodes to reload a cache ('param', 'campagne', ...): the request's time is
-- what candidat nodes compare with their last check. Pair: request_reload.postgresql.sql.
INSERT INTO load_balancing_reload (cod_data_lb_reload, dat_cre_lb_reload)
VALUES (%(cod)s, %(now)s)
ON DUPLICATE KEY UPDATE dat_cre_lb_reload = VALUES(dat_cre_lb_reload)
