SELECT DISTINCT id_formulaire_limesurvey FROM formulaire WHERE tes_formulaire ORDER BY 1
