SELECT (SELECT count(*) FROM campagne),
       (SELECT count(*) FROM compte_minima),
       (SELECT count(*) FROM candidature),
       (SELECT count(*) FROM opi WHERE dat_passage_opi IS NULL)
