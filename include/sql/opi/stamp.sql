-- One OPI passed (executed for each): its date and the code the SI knows it by, if its date is still the
-- one read (%(was_pending)s: none, %(seen)s: passed earlier today, Pégase): one the candidate withdrew
-- meanwhile, whose date eCandidat reset, is left for the next run.
UPDATE opi SET dat_passage_opi = %(now)s, cod_opi = %(cod_opi)s
WHERE id_cand = %(id_cand)s AND ((%(was_pending)s AND dat_passage_opi IS NULL) OR dat_passage_opi = %(seen)s)
