-- The previous chunk gone.
DELETE FROM tmp_mail_ids;
