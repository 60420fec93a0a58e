-- eCandidat's own scheduler: every batch, whether it is in service, and its programmation.
SELECT
    cod_batch, tes_batch, tem_lundi_batch, tem_mardi_batch, tem_mercr_batch, tem_jeudi_batch,
    tem_vendredi_batch, tem_samedi_batch, tem_diman_batch, fixe_hour_batch, fixe_day_batch,
    fixe_month_batch, fixe_year_batch, tem_frequence_batch, frequence_batch
FROM batch
ORDER BY cod_batch
