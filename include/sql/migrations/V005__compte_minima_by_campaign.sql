-- The lifecycle batches walk a campaign's accounts in id order, a chunk at a time
-- (archivage/copy_formation_dates.sql, destruct_dossier/delete_accounts.sql). With (id_camp, id_cpt_min)
-- each chunk is one index range; with (id_camp) alone each chunk read and sorted all the campaign's
-- remaining accounts, so the batches slowed down more than the campaign grew.
CREATE INDEX idx_compte_minima_camp_id ON compte_minima (id_camp, id_cpt_min);
DROP INDEX idx_compte_minima_camp;
