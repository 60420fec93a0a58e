-- Lock the row so that two concurrent switches serialise instead of both writing a reload.
SELECT val_param FROM parametre WHERE cod_param = %(cod_param)s FOR UPDATE
