SELECT count(*) AS staged FROM tmp_siscol_staging;
