"""Every ``[ecandidat]`` setting, declared once: name, type, default, meaning in French (the admins'
reference page is generated from :data:`SETTINGS`; :mod:`ecandidat_batches.settings` reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How a setting's value is read: ``conf.get``, ``getboolean``, ``getint`` or ``getfloat``.
Kind = Literal["str", "bool", "int", "float"]


@dataclass(frozen=True)
class Setting:
    """One ``[ecandidat]`` setting, as the reference page shows it.

    :param name: the key in ``[ecandidat]`` (``AIRFLOW__ECANDIDAT__<NAME>`` in the environment).
    :param kind: how it is read.
    :param default: the value when it is not set.
    :param sens: what it does, in French (the admins' language).
    :param valeurs: the accepted values, in French, when narrower than the type.
    :param ecandidat: the eCandidat property it takes over, when there is one.
    :param batches: the batches that read it; empty when it concerns them all.
    """

    name: str
    kind: Kind
    default: str | bool | int | float
    sens: str
    valeurs: str = ""
    ecandidat: str = ""
    batches: tuple[str, ...] = ()


_OPI = ("BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ")
_MAILS = ("BATCH_DESIST_AUTO", "BATCH_RELANCE_FAVO", "BATCH_ASYNC_OPI", "BATCH_RELANCE_TRANSMISSION")

#: Every setting of ``[ecandidat]``, in the order of the reference page.
SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "demo_mode",
            "bool",
            False,
            "Autorise BATCH_DEMO, qui vide toute la base eCandidat et recharge le jeu de démonstration. "
            "Uniquement sur une instance de démonstration ; jamais en production.",
            batches=("BATCH_DEMO",),
        ),
        Setting(
            "siscol_type",
            "str",
            "D",
            "Le SI Scolarité d'eCandidat, par sa lettre typ_siscol. La campagne en service est celle de ce "
            "SI ; BATCH_SYNCHRO_SISCOL lit ce SI, BATCH_ASYNC_OPI y déverse les OPI.",
            valeurs="A (Apogée), P (Pégase) ou D (aucun SI, l'implémentation par défaut d'eCandidat)",
            ecandidat="siscol.implementation",
            batches=(
                "BATCH_SYNCHRO_SISCOL",
                *_OPI,
                "BATCH_SYNC_LIMESURVEY",
                "BATCH_CALCUL_RANG_LC",
                "BATCH_DESIST_AUTO",
                "BATCH_RELANCE_FAVO",
                "BATCH_RELANCE_TRANSMISSION",
            ),
        ),
        Setting(
            "missed_slot_tolerance_minutes",
            "float",
            15.0,
            "Âge maximal, en minutes, d'un créneau encore lancé quand un batch est (remis) en service ou "
            "que le scheduler redémarre : un créneau plus ancien n'est jamais lancé et ne laisse rien dans "
            "l'historique (les créneaux manqués hors service ne sont pas rattrapés).",
        ),
        Setting(
            "failure_mail_to",
            "str",
            "",
            "Destinataires, séparés par des virgules, du mail envoyé quand l'exécution d'un batch échoue. "
            "Vide : l'échec est seulement journalisé.",
        ),
        Setting(
            "smtp_conn_id",
            "str",
            "smtp_default",
            "La connexion Airflow du serveur SMTP : mails d'échec et mails aux candidats.",
            ecandidat="mail.smtpHost, mail.smtpPort",
        ),
        Setting(
            "mail_from",
            "str",
            "",
            "L'expéditeur des mails (mails d'échec et mails aux candidats).",
            ecandidat="mail.from.noreply",
        ),
        Setting(
            "file_store_root",
            "str",
            "",
            "Racine des fichiers candidats d'eCandidat (typ_fichier C), un dossier partagé avec eCandidat "
            "et monté au même chemin sur chaque worker.",
            ecandidat="file.filesystem.candidat.path",
            batches=("BATCH_DESTRUCT_DOSSIER", "BATCH_ASYNC_OPI_PJ", "BATCH_DEMO"),
        ),
        Setting(
            "file_store_root_gestionnaire",
            "str",
            "",
            "Racine des fichiers gestionnaires d'eCandidat (typ_fichier G), montée comme la précédente.",
            ecandidat="file.filesystem.gestionnaire.path",
            batches=("BATCH_DESTRUCT_DOSSIER", "BATCH_ASYNC_OPI_PJ"),
        ),
        Setting(
            "file_storage",
            "str",
            "filesystem",
            "Le mode de stockage d'eCandidat, qui dit où sont les dossiers de campagne : sous "
            "file_store_root, ou dans le dossier candidat du dépôt CMIS (connexion ecandidat_cmis). "
            "Chaque fichier, lui, va au stockage que nomme sa ligne fichier (typ_stockage_fichier).",
            valeurs="filesystem ou cmis",
            batches=("BATCH_DESTRUCT_DOSSIER", "BATCH_ASYNC_OPI_PJ"),
        ),
        Setting(
            "destruct_files_manually",
            "bool",
            False,
            "BATCH_DESTRUCT_DOSSIER supprime les lignes des comptes et laisse leurs fichiers à "
            "l'administrateur (comptés dans le résumé) ; les orphelins et les suppressions en attente "
            "sont toujours traités.",
            ecandidat="enableDeleteFileManuallyBatchDestruct",
            batches=("BATCH_DESTRUCT_DOSSIER",),
        ),
        Setting(
            "destruct_root_folder_manually",
            "bool",
            False,
            "BATCH_DESTRUCT_DOSSIER garde le dossier de la campagne détruite.",
            ecandidat="enableDeleteRootFolderManuallyBatchDestruct",
            batches=("BATCH_DESTRUCT_DOSSIER",),
        ),
        Setting(
            "chunk_size",
            "int",
            500,
            "Comptes par transaction des batches de cycle de vie (transactions et verrous courts) : "
            "autant pour BATCH_DESTRUCT_DOSSIER, 4 fois plus pour BATCH_ARCHIVAGE et BATCH_NETTOYAGE_CPT. "
            "Une valeur hors de ces bornes est refusée avant toute modification.",
            valeurs="de 1 à 2147483647",
            batches=("BATCH_DESTRUCT_DOSSIER", "BATCH_ARCHIVAGE", "BATCH_NETTOYAGE_CPT"),
        ),
        Setting(
            "node_reload_wait_seconds",
            "float",
            60.0,
            "Après une demande de rechargement du cache (maintenance, mise en service, archivage), temps "
            "d'attente maximal, en secondes, pour que les serveurs eCandidat en mode candidat la prennent "
            "en compte.",
            valeurs="0 ou plus",
            batches=("BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE", "BATCH_ARCHIVAGE"),
        ),
        Setting(
            "node_alive_minutes",
            "float",
            10.0,
            "Un serveur candidat dont le dernier passage est plus ancien, en minutes, est considéré comme "
            "arrêté : il n'est pas attendu.",
            batches=("BATCH_APP_EN_MAINT", "BATCH_APP_EN_SERVICE", "BATCH_ARCHIVAGE"),
        ),
        Setting(
            "limesurvey_parallel_exports",
            "int",
            4,
            "Exports LimeSurvey demandés en même temps (leurs attentes se recouvrent ; la mémoire en "
            "contient autant).",
            valeurs="1 ou plus",
            batches=("BATCH_SYNC_LIMESURVEY",),
        ),
        Setting(
            "opi_concurrency",
            "int",
            10,
            "Appels simultanés aux services OpiMetier et PjOpiMetier d'Apogée (le service web est le goulot "
            "d'étranglement : n'augmenter que si Apogée le supporte).",
            valeurs="1 ou plus",
            batches=_OPI,
        ),
        Setting(
            "pegase_opi_path",
            "str",
            "",
            "Dossier où BATCH_ASYNC_OPI écrit les trois fichiers d'OPI du jour pour Pégase, atteint par "
            "chaque worker et lu par Pégase. Obligatoire avec siscol_type = P.",
            ecandidat="pegase.opi.path",
            batches=("BATCH_ASYNC_OPI",),
        ),
        Setting(
            "apogee_pj_root",
            "str",
            "",
            "Dossier où Apogée range les pièces des OPI, monté sur les workers : BATCH_ASYNC_OPI_PJ y "
            "vérifie l'arrivée de chaque pièce envoyée. Vide : aucune vérification (comme eCandidat sans "
            "ce réglage).",
            ecandidat="file.filesystem.apocandidature.path",
            batches=("BATCH_ASYNC_OPI_PJ",),
        ),
        Setting(
            "stale_run_hours",
            "float",
            4.0,
            "Seuil par défaut de BATCH_NETTOYAGE, en heures : une exécution en cours depuis plus longtemps "
            "est interrompue (eCandidat : 4 h). Le paramètre seuil_heures d'un lancement le remplace.",
            valeurs="de 0,25 à 744",
            batches=("BATCH_NETTOYAGE",),
        ),
        Setting(
            "letter_template_dir",
            "str",
            "",
            "Dossier des modèles de la lettre d'admission jointe au mail de passage en liste principale, "
            "organisé comme le dossier template/ d'eCandidat : lettre_adm_export_template.docx, ses "
            "variantes par langue (lettre_adm_export_template_en.docx) et le sous-dossier "
            "admis-specifique-diplome/ (lettre_adm_export_template_<type de diplôme>.docx). Vide : une "
            "lettre due n'est pas faite, le mail part sans elle et l'exécution échoue en le disant.",
            ecandidat="src/main/resources/template",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_python",
            "str",
            "/usr/bin/python3",
            "Le Python qui a le module uno de LibreOffice (paquet Debian python3-uno) : il fait tourner "
            "le convertisseur (unoserver) qui met les lettres en PDF.",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_soffice",
            "str",
            "",
            "Le programme soffice de LibreOffice (paquet libreoffice-writer-nogui). Vide : cherché dans le "
            "PATH.",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_pdf_forbidden",
            "str",
            "",
            "Les droits refusés sur le PDF protégé, séparés par des virgules (mot de passe propriétaire : "
            "extra crypt_password de la connexion ecandidat_pdf ; sans lui, aucune protection).",
            valeurs="AssembleDocument, ExtractContent, ExtractForAccessibility, FillInForm, Modify, "
            "ModifyAnnotations, Print, PrintDegraded",
            ecandidat="pdf.crypt.interdit",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_keystore_path",
            "str",
            "",
            "Le keystore PKCS#12 (.p12) qui signe les lettres, sur chaque worker ; son mot de passe est "
            "celui de la connexion ecandidat_pdf. Vide : lettres non signées.",
            ecandidat="pdf.signature.keystore.path",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_signature_name",
            "str",
            "",
            "Le nom inscrit dans la signature des lettres.",
            ecandidat="pdf.signature.nom",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_signature_location",
            "str",
            "",
            "Le lieu inscrit dans la signature des lettres.",
            ecandidat="pdf.signature.lieu",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_signature_reason",
            "str",
            "",
            "La raison inscrite dans la signature des lettres.",
            ecandidat="pdf.signature.raison",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "letter_signature_contact",
            "str",
            "",
            "Le contact inscrit dans la signature des lettres.",
            ecandidat="pdf.signature.contact.info",
            batches=("BATCH_DESIST_AUTO",),
        ),
        Setting(
            "sql_dir",
            "str",
            "",
            "Dossier des fichiers SQL des batches (include/sql), quand il n'est pas déployé à côté de "
            "plugins/. Vide : include/sql à côté de plugins/.",
        ),
    )
}
