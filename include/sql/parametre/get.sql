SELECT val_param FROM parametre WHERE cod_param = %(cod_param)s
