-- The promotions (for the mails): each candidature and whether its commission wants the alert.
SELECT p.id_cand, co.tem_alert_list_princ_comm
FROM tmp_promotion AS p
INNER JOIN formation AS f ON p.id_form = f.id_form
INNER JOIN commission AS co ON f.id_comm = co.id_comm
ORDER BY p.id_cand;
