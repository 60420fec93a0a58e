-- Back to eCandidat's own scheduler: a batch row's programmation and state as they were before the takeover.
UPDATE batch SET
    tes_batch = %(tes_batch)s,
    tem_lundi_batch = %(tem_lundi_batch)s,
    tem_mardi_batch = %(tem_mardi_batch)s,
    tem_mercr_batch = %(tem_mercr_batch)s,
    tem_jeudi_batch = %(tem_jeudi_batch)s,
    tem_vendredi_batch = %(tem_vendredi_batch)s,
    tem_samedi_batch = %(tem_samedi_batch)s,
    tem_diman_batch = %(tem_diman_batch)s,
    fixe_hour_batch = %(fixe_hour_batch)s,
    fixe_day_batch = %(fixe_day_batch)s,
    fixe_month_batch = %(fixe_month_batch)s,
    fixe_year_batch = %(fixe_year_batch)s,
    tem_frequence_batch = %(tem_frequence_batch)s,
    frequence_batch = %(frequence_batch)s
WHERE cod_batch = %(cod_batch)s
