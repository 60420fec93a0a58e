-- One candidature of the chunk (executed for each, the id bound).
INSERT INTO tmp_mail_ids (id_cand) VALUES (%(id_cand)s);
