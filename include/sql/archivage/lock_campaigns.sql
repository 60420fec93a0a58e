-- Lock both campaigns; re-check the new one is still waiting (a concurrent run may have done it).
SELECT id_camp, dat_activat_effec_camp FROM campagne
WHERE id_camp IN (%(new_id_camp)s, %(old_id_camp)s)
ORDER BY id_camp
FOR UPDATE  -- noqa: PRS
