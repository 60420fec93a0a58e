-- The rebuilt siscol_utilisateur keeps ids 1..n of this SI: the rows beyond are the old list's.
DELETE FROM siscol_utilisateur
WHERE typ_siscol = %(typ_siscol)s AND id_uti > %(kept)s;
