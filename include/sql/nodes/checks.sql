-- Each candidat node's latest check of reload requests (eCandidat's LoadBalancingController writes them).
SELECT instance_id_lb_reload_run, max(dat_last_check_lb_reload_run) AS dat_last_check
FROM load_balancing_reload_run
GROUP BY instance_id_lb_reload_run
