-- Indexes on the referencing side of foreign keys. MySQL/InnoDB, eCandidat's own database, creates
-- them implicitly; PostgreSQL does not, and without them every parent row deleted by the lifecycle
-- batches costs a scan of each child table (the foreign-key check), and every chunk a scan per join.
CREATE INDEX idx_campagne_archiv ON campagne (archiv_id_camp);
CREATE INDEX idx_candidat_adr ON candidat (id_adr);
CREATE INDEX idx_cursus_post_bac_candidat ON candidat_cursus_post_bac (id_candidat);
CREATE INDEX idx_cursus_interne_candidat ON candidat_cursus_interne (id_candidat);
CREATE INDEX idx_cursus_pro_candidat ON candidat_cursus_pro (id_candidat);
CREATE INDEX idx_stage_candidat ON candidat_stage (id_candidat);
CREATE INDEX idx_candidature_form ON candidature (id_form);
CREATE INDEX idx_type_dec_cand_typ ON type_decision_candidature (id_typ_dec);
CREATE INDEX idx_tag_candidature_tag ON tag_candidature (id_tag);
CREATE INDEX idx_question_cand_cand ON question_cand (id_cand);
CREATE INDEX idx_post_it_cand ON post_it (id_cand);
CREATE INDEX idx_formulaire_cand_cand ON formulaire_cand (id_cand);
CREATE INDEX idx_pj_candidat_candidat ON pj_candidat (id_candidat);
CREATE INDEX idx_pj_opi_candidat ON pj_opi (id_candidat);
CREATE INDEX idx_pj_opi_fichier ON pj_opi (id_fichier);
CREATE INDEX idx_commission_fichier ON commission (id_fichier);
CREATE INDEX idx_piece_justif_fichier ON piece_justif (id_fichier);
CREATE INDEX idx_fichier_file ON fichier (file_fichier);
CREATE INDEX idx_opi_pending ON opi (dat_cre_opi) WHERE dat_passage_opi IS NULL;
