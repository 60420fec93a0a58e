-- The candidat nodes' checks of reload requests (eCandidat's LoadBalancingController writes them).
SELECT instance_id_lb_reload_run, dat_last_check_lb_reload_run FROM load_balancing_reload_run
