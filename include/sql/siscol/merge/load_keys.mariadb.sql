INSERT IGNORE INTO tmp_siscol_staging ({columns}) VALUES ({placeholders});
