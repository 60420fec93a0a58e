-- One OPI passed (executed for each): its date and the code the SI knows it by. With %(pending_only)s
-- (Apogée) only if still pending: one the candidate withdrew meanwhile is sent again next time.
UPDATE opi SET dat_passage_opi = %(now)s, cod_opi = %(cod_opi)s
WHERE id_cand = %(id_cand)s AND (dat_passage_opi IS NULL OR NOT %(pending_only)s)
