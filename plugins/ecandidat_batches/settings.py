"""Package settings from the ``[ecandidat]`` section of Airflow's configuration.

Every value can be set in ``airflow.cfg`` or as ``AIRFLOW__ECANDIDAT__<KEY>``; see ``airflow.cfg.example``.
:data:`SETTINGS` (:mod:`.settings_table`) declares each one once (name, type, default, meaning in
French): the getters below read their default from it, and the admins' reference page
(``docs/admin/configuration.md``) is generated from it, so that a setting cannot be read without
being documented (a test checks both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The declarations, re-exported: the getters below and the reference page read them from here.
from ecandidat_batches.settings_table import SETTINGS as SETTINGS
from ecandidat_batches.settings_table import Setting as Setting

#: include/sql of this repository; deployments that move it set ``[ecandidat] sql_dir``.
_DEFAULT_SQL_DIR = Path(__file__).resolve().parents[2] / "include" / "sql"

#: The Airflow connection of the eCandidat application database (declared in :mod:`.connections`).
APP_DB_CONN_ID = "ecandidat_db"

#: The section of Airflow's configuration that holds the package's settings.
SECTION = "ecandidat"


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


#: The largest ``chunk_size``: an id's range (a whole campaign in one transaction long before that).
CHUNK_SIZE_MAX = 2_147_483_647


def chunk_size() -> int:
    """Accounts per transaction in the lifecycle batches: short transactions, short locks.

    That many for BATCH_DESTRUCT_DOSSIER (about 20 rows and 5 files each); each job multiplies it by
    its ``CHUNK_FACTOR`` (the batches writing one or two rows per account take more). Not a number,
    under 1 (a chunk of none would never end) or above :data:`CHUNK_SIZE_MAX`: refused, naming it.
    """
    raw = str(_conf().get(SECTION, "chunk_size", fallback=str(SETTINGS["chunk_size"].default))).strip()
    value = int(raw) if raw.isdecimal() else 0
    if not 1 <= value <= CHUNK_SIZE_MAX:
        raise ValueError(
            f"[ecandidat] chunk_size = {raw!r} : refusé, un nombre entier de comptes par transaction "
            f"entre 1 et {CHUNK_SIZE_MAX} est attendu ({SETTINGS['chunk_size'].default} par défaut). "
            "Rien n'a été modifié."
        )
    return value


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


def letter_template_dir() -> str:
    """The admission letter's templates, laid out as eCandidat's ``template/`` folder; empty: none."""
    return str(_read("letter_template_dir"))


def letter_python() -> str:
    """The Python that has LibreOffice's ``uno`` module (runs the converter)."""
    return str(_read("letter_python"))


def letter_soffice() -> str:
    """LibreOffice's ``soffice``; empty: found in the PATH."""
    return str(_read("letter_soffice"))


def letter_pdf_forbidden() -> str:
    """eCandidat's ``pdf.crypt.interdit``: the permissions refused on a protected letter."""
    return str(_read("letter_pdf_forbidden"))


def letter_keystore_path() -> str:
    """eCandidat's ``pdf.signature.keystore.path``: the PKCS#12 keystore signing the letters."""
    return str(_read("letter_keystore_path"))


def letter_signature_texts() -> tuple[str, str, str, str]:
    """The signature's name, place, reason and contact (eCandidat's ``pdf.signature.*`` messages)."""
    return (
        str(_read("letter_signature_name")),
        str(_read("letter_signature_location")),
        str(_read("letter_signature_reason")),
        str(_read("letter_signature_contact")),
    )
