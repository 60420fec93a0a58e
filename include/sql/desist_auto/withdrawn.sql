-- The candidatures this run withdrew (desist.sql), for their mails.
SELECT id_cand FROM tmp_desiste ORDER BY id_cand;
