-- A key twice in the source: the last row wins, as in eCandidat (JPA saves them in order).
INSERT INTO tmp_siscol_staging ({columns}) VALUES ({placeholders})
ON DUPLICATE KEY UPDATE {set_values};
