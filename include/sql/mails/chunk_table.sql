-- The chunk of candidatures whose mails are built next, for this session only (candidatures.sql
-- reads it): an earlier one dropped first.
DROP TEMPORARY TABLE IF EXISTS tmp_mail_ids;

CREATE TEMPORARY TABLE tmp_mail_ids (id_cand integer PRIMARY KEY);
