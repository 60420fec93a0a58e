-- For PostgreSQL copies only (optional on a real one, see the README): InnoDB's secondary index on
-- compte_minima (id_camp) holds the primary key too, PostgreSQL's does not; BATCH_ARCHIVAGE and
-- BATCH_DESTRUCT_DOSSIER walk a campaign's accounts in id order, a chunk at a time, through this one.
CREATE INDEX IF NOT EXISTS ecandidat_batches_compte_minima_camp ON compte_minima (id_camp, id_cpt_min);
