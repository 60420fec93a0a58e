COPY tmp_siscol_staging ({columns}) FROM STDIN;
