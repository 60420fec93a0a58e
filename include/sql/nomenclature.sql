-- eCandidat's nomenclature rows that the batches rely on, with eCandidat's defaults.
-- Idempotent: rows that exist are never overwritten (an admin's values are kept), as eCandidat's
-- startup nomenclature does. Booleans are stored as 'O'/'N'.
INSERT INTO parametre (cod_param, lib_param, val_param, typ_param, tem_scol, tem_affiche) VALUES
    ('TECH_IS_MAINTENANCE', 'Application en maintenance', 'N', 'Boolean', false, false),
    ('TECH_NB_JOUR_KEEP_HISTO_BATCH', 'Nombre de jours de conservation de l''historique des batchs', '30', 'Integer', false, true),
    ('CANDIDAT_NB_JOUR_KEEP_CPT_MIN', 'Nombre de jours pour valider un compte à minima', '5', 'Integer', false, true),
    ('SCOL_NB_JOUR_ARCHIVAGE', 'Nombre de jours de conservation des dossiers archivés', '365', 'Integer', true, true),
    ('SCOL_NB_JOUR_RELANCE_FAVO', 'Nombre de jours avant relance des avis favorables', '2', 'Integer', true, true),
    ('OPI_IS_UTILISE', 'Utilisation des OPI', 'N', 'Boolean', false, true),
    ('OPI_IS_UTILISE_PJ', 'Déversement des PJ dans les OPI', 'N', 'Boolean', false, true),
    ('OPI_IS_IMMEDIAT', 'Déversement immédiat des OPI', 'O', 'Boolean', false, true),
    ('OPI_NB_BATCH_MAX', 'Nombre maximum de candidats par déversement asynchrone (0 = illimité)', '0', 'Integer', false, true),
    ('OPI_PREFIXE', 'Préfixe des codes OPI', 'EC', 'String(3)', false, true),
    ('LC_IS_CALCUL_RANG_REEL', 'Calcul du rang réel en liste complémentaire', 'O', 'Boolean', true, true)
ON CONFLICT (cod_param) DO NOTHING;

INSERT INTO type_avis (cod_typ_avis, lib_typ_avis) VALUES
    ('FA', 'Favorable'), ('DE', 'Défavorable'), ('LC', 'Liste complémentaire'),
    ('LA', 'Liste d''attente'), ('PR', 'Présélection')
ON CONFLICT (cod_typ_avis) DO NOTHING;

INSERT INTO type_decision (cod_typ_dec, lib_typ_dec, cod_typ_avis, tem_deverse_opi_typ_dec) VALUES
    ('FAVORABLE', 'Type de décision favorable', 'FA', true),
    ('DEFAVORABLE', 'Type de décision défavorable', 'DE', false),
    ('LISTE_COMP', 'Type de décision liste complémentaire', 'LC', false),
    ('LISTE_ATT', 'Type de décision liste d''attente', 'LA', false),
    ('PRESELECTION', 'Type de décision présélection', 'PR', false)
ON CONFLICT (cod_typ_dec) DO NOTHING;
