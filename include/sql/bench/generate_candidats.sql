WITH acc AS (
    SELECT m.id_cpt_min FROM compte_minima m JOIN campagne c USING (id_camp)
    WHERE c.cod_camp = %(cod_camp)s AND m.tem_valid_cpt_min
), adr AS (
    INSERT INTO adresse (adr1_adr, cod_pay) SELECT 'rue ' || id_cpt_min, '100' FROM acc RETURNING id_adr
), numbered_acc AS (SELECT id_cpt_min, row_number() OVER (ORDER BY id_cpt_min) AS rn FROM acc),
numbered_adr AS (SELECT id_adr, row_number() OVER (ORDER BY id_adr) AS rn FROM adr)
INSERT INTO candidat (id_cpt_min, id_adr, nom_pat_candidat, prenom_candidat)
SELECT a.id_cpt_min, d.id_adr, 'NOM', 'P' FROM numbered_acc a JOIN numbered_adr d USING (rn)
