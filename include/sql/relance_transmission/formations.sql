-- Which of the formations' codes the settings list exist in eCandidat (the summary names the others).
SELECT cod_form FROM formation WHERE cod_form IN %(formations)s
