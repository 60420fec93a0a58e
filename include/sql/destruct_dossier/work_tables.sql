-- The run's work tables, for this session only (TEMPORARY: nothing is added to eCandidat's database,
-- the account needs CREATE TEMPORARY TABLES; an earlier run's dropped first). The chunks pass their
-- ids through them (delete_accounts.sql, record_orphans.sql), so that no value, list or array, grows
-- with the chunk; each is filled from the previous one through a foreign-key index.
-- paths_in_use.sql adds the paths used twice, once per run.
DROP TEMPORARY TABLE IF EXISTS tmp_destruct_compte, tmp_destruct_candidat, tmp_destruct_candidature,
tmp_destruct_fichier, tmp_destruct_chemin;

CREATE TEMPORARY TABLE tmp_destruct_compte (id_cpt_min integer PRIMARY KEY);

CREATE TEMPORARY TABLE tmp_destruct_candidat (id_candidat integer PRIMARY KEY, id_adr integer);

CREATE TEMPORARY TABLE tmp_destruct_candidature (id_cand integer PRIMARY KEY);

CREATE TEMPORARY TABLE tmp_destruct_fichier (id_fichier integer PRIMARY KEY, id_pj integer, id_cand integer);
