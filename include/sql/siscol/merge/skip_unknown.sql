-- Rows that point to a row eCandidat does not have (an unknown commune...) are skipped and counted,
-- where eCandidat failed on them one by one (établissements) or stopped the whole step.
DELETE FROM tmp_siscol_staging
WHERE
    {not_null}
    AND NOT EXISTS (SELECT 1 FROM {ref_table} AS r WHERE {ref_match});
