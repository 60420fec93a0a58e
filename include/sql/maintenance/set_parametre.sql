UPDATE parametre SET val_param = %(val_param)s WHERE cod_param = %(cod_param)s
