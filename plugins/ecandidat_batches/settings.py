"""Package settings from the ``[ecandidat]`` section of Airflow's configuration.

Every value can be set in ``airflow.cfg`` or as ``AIRFLOW__ECANDIDAT__<KEY>``; see ``airflow.cfg.example``.
:data:`SETTINGS` declares each one once (name, type, default, meaning in French): the getters below
read their default from it, and the admins' reference page (``docs/admin/configuration.md``) is
generated from it, so that a setting cannot be read without being documented (a test checks both).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

#: include/sql of this repository; deployments that move it set ``[ecandidat] sql_dir``.
_DEFAULT_SQL_DIR = Path(__file__).resolve().parents[2] / "include" / "sql"

#: The Airflow connection of the eCandidat application database (declared in :mod:`.connections`).
APP_DB_CONN_ID = "ecandidat_db"

#: The section of Airflow's configuration that holds the package's settings.
SECTION = "ecandidat"

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
_MAILS = ("BATCH_DESIST_AUTO", "BATCH_RELANCE_FAVO", "BATCH_ASYNC_OPI")

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
            "autant pour BATCH_DESTRUCT_DOSSIER, 4 fois plus pour BATCH_ARCHIVAGE et BATCH_NETTOYAGE_CPT.",
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
            "sql_dir",
            "str",
            "",
            "Dossier des fichiers SQL des batches (include/sql), quand il n'est pas déployé à côté de "
            "plugins/. Vide : include/sql à côté de plugins/.",
        ),
    )
}


def _conf() -> Any:
    from airflow.sdk import conf

    return conf


def _read(name: str) -> Any:
    """The setting's value from Airflow's configuration, its declared default when it is not set."""
    setting = SETTINGS[name]
    conf = _conf()
    getter = {"str": conf.get, "bool": conf.getboolean, "int": conf.getint, "float": conf.getfloat}
    return getter[setting.kind](SECTION, name, fallback=setting.default)


def sql_dir() -> Path:
    """Return the folder of the SQL files."""
    value = _read("sql_dir")
    return Path(value) if value else _DEFAULT_SQL_DIR


def demo_mode() -> bool:
    """True only when ``[ecandidat] demo_mode`` says so: BATCH_DEMO wipes the application database."""
    return bool(_read("demo_mode"))


def missed_slot_tolerance_minutes() -> float:
    """How old a slot may be and still run when a batch is (back) in service; older is never run."""
    return float(_read("missed_slot_tolerance_minutes"))


def stale_run_hours() -> float:
    """BATCH_NETTOYAGE's default threshold: a run older than this is interrupted (eCandidat: 4 h)."""
    return float(_read("stale_run_hours"))


def file_store_root() -> str:
    """The root of eCandidat's candidate files (a mounted folder shared with eCandidat)."""
    return str(_read("file_store_root"))


def file_store_root_gestionnaire() -> str:
    """The root of eCandidat's gestionnaire files (``file.filesystem.gestionnaire.path``)."""
    return str(_read("file_store_root_gestionnaire"))


def file_storage() -> str:
    """eCandidat's storage mode, where its campaign folders are: ``filesystem`` or ``cmis``."""
    value = str(_read("file_storage")).strip().lower()
    if value not in ("filesystem", "cmis"):
        raise ValueError(f"[ecandidat] file_storage = {value!r} : attendu filesystem ou cmis")
    return value


def destruct_files_manually() -> bool:
    """eCandidat's ``enableDeleteFileManuallyBatchDestruct``: BATCH_DESTRUCT_DOSSIER deletes the
    accounts' rows only, an admin removes their files (orphans and earlier records still go)."""
    return bool(_read("destruct_files_manually"))


def destruct_root_folder_manually() -> bool:
    """eCandidat's ``enableDeleteRootFolderManuallyBatchDestruct``: the campaign folder is kept."""
    return bool(_read("destruct_root_folder_manually"))


def chunk_size() -> int:
    """Accounts per transaction in the lifecycle batches: short transactions, short locks.

    That many for BATCH_DESTRUCT_DOSSIER (about 20 rows and 5 files each); each job multiplies it by
    its ``CHUNK_FACTOR`` (the batches writing one or two rows per account take more).
    """
    return int(_read("chunk_size"))


def failure_mail_to() -> list[str]:
    """Who gets a mail when a batch run fails (``[ecandidat] failure_mail_to``, comma-separated).

    Empty (the default): the failure is only logged.
    """
    raw = str(_read("failure_mail_to"))
    return [address.strip() for address in raw.split(",") if address.strip()]


def smtp_conn_id() -> str:
    """The Airflow connection of the SMTP server (eCandidat's ``mail.smtpHost``/``mail.smtpPort``)."""
    return str(_read("smtp_conn_id"))


def mail_from() -> str:
    """The sender of the package's mails (eCandidat's ``mail.from.noreply``)."""
    return str(_read("mail_from"))


#: eCandidat's ``typ_siscol`` letters: Apogée, Pégase, and its default implementation (no SI).
SISCOL_TYPES = {"A": "Apogée", "P": "Pégase", "D": "aucun SI (implémentation par défaut)"}


def siscol_type() -> str:
    """eCandidat's SI Scolarité (``siscol.implementation``), as its ``typ_siscol`` letter: A, P or D.

    The campaign in service is the one of this SI (eCandidat's own default is D).

    :raises ValueError: another value, named.
    """
    value = str(_read("siscol_type")).strip().upper()
    if value not in SISCOL_TYPES:
        raise ValueError(
            f"[ecandidat] siscol_type = {value!r} : attendu A (Apogée), P (Pégase) ou D (aucun SI)"
        )
    return value


def limesurvey_parallel_exports() -> int:
    """How many LimeSurvey exports BATCH_SYNC_LIMESURVEY asks at once (their waits overlap); >= 1."""
    return max(1, int(_read("limesurvey_parallel_exports")))


def node_reload_wait_seconds() -> float:
    """How long a batch that requests a cache reload waits for eCandidat's candidat nodes to take it."""
    return max(0.0, float(_read("node_reload_wait_seconds")))


def node_alive_minutes() -> float:
    """A candidat node whose last check is older than this is taken for stopped (not waited for)."""
    return float(_read("node_alive_minutes"))


def pegase_opi_path() -> str:
    """Where BATCH_ASYNC_OPI writes Pégase's OPI files (eCandidat's ``pegase.opi.path``): a folder
    every worker reaches (a share Pégase reads)."""
    return str(_read("pegase_opi_path"))


def opi_concurrency() -> int:
    """How many OpiMetier calls BATCH_ASYNC_OPI runs at once (Apogée's web service is the bottleneck)."""
    value = int(_read("opi_concurrency"))
    if value < 1:
        raise ValueError(f"[ecandidat] opi_concurrency = {value} : au moins 1")
    return value


def apogee_pj_root() -> str:
    """The folder where Apogée keeps the OPI documents (eCandidat's ``file.filesystem.apocandidature.path``):
    BATCH_ASYNC_OPI_PJ checks there that a document sent arrived; empty: no check (as eCandidat)."""
    return str(_read("apogee_pj_root"))
