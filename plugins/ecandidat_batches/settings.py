"""Package settings from the ``[ecandidat]`` section of Airflow's configuration.

Every value can be set in ``airflow.cfg`` or as ``AIRFLOW__ECANDIDAT__<KEY>``; see ``airflow.cfg.example``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: include/sql of this repository; deployments that move it set ``[ecandidat] sql_dir``.
_DEFAULT_SQL_DIR = Path(__file__).resolve().parents[2] / "include" / "sql"

#: The Airflow connection of the eCandidat application database.
APP_DB_CONN_ID = "ecandidat_db"


def _conf() -> Any:
    from airflow.sdk import conf

    return conf


def sql_dir() -> Path:
    """Return the folder of the SQL files."""
    value = _conf().get("ecandidat", "sql_dir", fallback="")
    return Path(value) if value else _DEFAULT_SQL_DIR


def demo_mode() -> bool:
    """True only when ``[ecandidat] demo_mode`` says so: BATCH_DEMO wipes the application database."""
    return bool(_conf().getboolean("ecandidat", "demo_mode", fallback=False))


def missed_slot_tolerance_minutes() -> float:
    """How old a slot may be and still run when a batch is (back) in service; older is never run."""
    return float(_conf().getfloat("ecandidat", "missed_slot_tolerance_minutes", fallback=15.0))


def stale_run_hours() -> float:
    """BATCH_NETTOYAGE's default threshold: a run older than this is interrupted (eCandidat: 4 h)."""
    return float(_conf().getfloat("ecandidat", "stale_run_hours", fallback=4.0))


def file_store_root() -> str:
    """The root of eCandidat's candidate files (a mounted folder shared with eCandidat)."""
    return str(_conf().get("ecandidat", "file_store_root", fallback=""))


def file_store_root_gestionnaire() -> str:
    """The root of eCandidat's gestionnaire files (``file.filesystem.gestionnaire.path``)."""
    return str(_conf().get("ecandidat", "file_store_root_gestionnaire", fallback=""))


def file_storage() -> str:
    """eCandidat's storage mode, where its campaign folders are: ``filesystem`` or ``cmis``."""
    value = str(_conf().get("ecandidat", "file_storage", fallback="filesystem")).strip().lower()
    if value not in ("filesystem", "cmis"):
        raise ValueError(f"[ecandidat] file_storage = {value!r} : attendu filesystem ou cmis")
    return value


def destruct_files_manually() -> bool:
    """eCandidat's ``enableDeleteFileManuallyBatchDestruct``: BATCH_DESTRUCT_DOSSIER deletes the
    accounts' rows only, an admin removes their files (orphans and earlier records still go)."""
    return bool(_conf().getboolean("ecandidat", "destruct_files_manually", fallback=False))


def destruct_root_folder_manually() -> bool:
    """eCandidat's ``enableDeleteRootFolderManuallyBatchDestruct``: the campaign folder is kept."""
    return bool(_conf().getboolean("ecandidat", "destruct_root_folder_manually", fallback=False))


def chunk_size() -> int:
    """Accounts per transaction in the lifecycle batches: short transactions, short locks.

    That many for BATCH_DESTRUCT_DOSSIER (about 20 rows and 5 files each); each job multiplies it by
    its ``CHUNK_FACTOR`` (the batches writing one or two rows per account take more).
    """
    return int(_conf().getint("ecandidat", "chunk_size", fallback=500))


def failure_mail_to() -> list[str]:
    """Who gets a mail when a batch run fails (``[ecandidat] failure_mail_to``, comma-separated).

    Empty (the default): the failure is only logged.
    """
    raw = _conf().get("ecandidat", "failure_mail_to", fallback="")
    return [address.strip() for address in raw.split(",") if address.strip()]


def smtp_conn_id() -> str:
    """The Airflow connection of the SMTP server (eCandidat's ``mail.smtpHost``/``mail.smtpPort``)."""
    return str(_conf().get("ecandidat", "smtp_conn_id", fallback="smtp_default"))


def mail_from() -> str:
    """The sender of the package's mails (eCandidat's ``mail.from.noreply``)."""
    return str(_conf().get("ecandidat", "mail_from", fallback=""))


#: eCandidat's ``typ_siscol`` letters: Apogée, Pégase, and its default implementation (no SI).
SISCOL_TYPES = {"A": "Apogée", "P": "Pégase", "D": "aucun SI (implémentation par défaut)"}


def siscol_type() -> str:
    """eCandidat's SI Scolarité (``siscol.implementation``), as its ``typ_siscol`` letter: A, P or D.

    The campaign in service is the one of this SI (eCandidat's own default is D).

    :raises ValueError: another value, named.
    """
    value = str(_conf().get("ecandidat", "siscol_type", fallback="D")).strip().upper()
    if value not in SISCOL_TYPES:
        raise ValueError(
            f"[ecandidat] siscol_type = {value!r} : attendu A (Apogée), P (Pégase) ou D (aucun SI)"
        )
    return value


def limesurvey_parallel_exports() -> int:
    """How many LimeSurvey exports BATCH_SYNC_LIMESURVEY asks at once (their waits overlap); >= 1."""
    return max(1, int(_conf().getint("ecandidat", "limesurvey_parallel_exports", fallback=4)))


def node_reload_wait_seconds() -> float:
    """How long a batch that requests a cache reload waits for eCandidat's candidat nodes to take it."""
    return max(0.0, float(_conf().getfloat("ecandidat", "node_reload_wait_seconds", fallback=60.0)))


def node_alive_minutes() -> float:
    """A candidat node whose last check is older than this is taken for stopped (not waited for)."""
    return float(_conf().getfloat("ecandidat", "node_alive_minutes", fallback=10.0))


def pegase_opi_path() -> str:
    """Where BATCH_ASYNC_OPI writes Pégase's OPI files (eCandidat's ``pegase.opi.path``): a folder
    every worker reaches (a share Pégase reads)."""
    return str(_conf().get("ecandidat", "pegase_opi_path", fallback=""))


def opi_concurrency() -> int:
    """How many OpiMetier calls BATCH_ASYNC_OPI runs at once (Apogée's web service is the bottleneck)."""
    value = int(_conf().getint("ecandidat", "opi_concurrency", fallback=10))
    if value < 1:
        raise ValueError(f"[ecandidat] opi_concurrency = {value} : au moins 1")
    return value


def apogee_pj_root() -> str:
    """The folder where Apogée keeps the OPI documents (eCandidat's ``file.filesystem.apocandidature.path``):
    BATCH_ASYNC_OPI_PJ checks there that a document sent arrived; empty: no check (as eCandidat)."""
    return str(_conf().get("ecandidat", "apogee_pj_root", fallback=""))
