"""The batches: the single source of truth for codes, labels and default programmations.

The eleven batches of eCandidat's "Administration > Batches" screen keep that screen's labels,
"En service" boxes and schedules (the seed's table misspells BATCH_SYNCHRO_SISCOL as
"BATCH_SYNC_HRO_SISCOL"; we use the real code). BATCH_DESTRUCT_HISTO, absent from that table, gets
eCandidat's default (every day at 23:00). The five batches the screen does not show keep eCandidat's
own defaults, out of service (``tes_batch=0``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ecandidat_batches.schedule.programmation import DAYS, Programmation

WEEKDAYS = DAYS[:5]


#: What a job can ask the task adapter for (``tasks.py`` builds them):
#: ``conn`` the eCandidat database (a DB-API connection, closed after the run), ``store`` the
#: candidate files' root, ``stores`` all of eCandidat's file stores (roots, CMIS), ``api`` Airflow's
#: REST API (``AirflowApiHook``), ``own_run`` the ``(dag_id, run_id)`` of the running batch, ``ldap``
#: the institution's directory (``EcandidatLdapHook``), ``outbox_journal`` the journal of the mails the
#: batch's changes announce (:mod:`ecandidat_batches.mails.outbox`).
RESOURCES = ("conn", "store", "stores", "api", "own_run", "ldap", "outbox_journal")


@dataclass(frozen=True)
class Batch:
    """One eCandidat batch.

    :param code: ``cod_batch``, also the ``dag_id``.
    :param libelle: ``lib_batch``, shown as the DAG's display name.
    :param programmation: the default schedule, replaced by an admin's stored override if any.
    :param en_service: ``tes_batch``: the DAG is created unpaused when True.
    :param timeout: ``dagrun_timeout``: Airflow interrupts a run that lasts longer.
    :param parametres: the ``parametre`` rows the batch reads, for its documentation.
    :param job: the module of :mod:`ecandidat_batches.jobs` whose ``run`` does the work; None while the
        batch has no DAG yet.
    :param dry_run: the batch takes the "Simulation" param (``dry_run``): it reports without changing.
    :param resources: what the task adapter gives the job, by name (:data:`RESOURCES`).
    :param options: fixed keyword arguments of the job (two batches share one job).
    """

    code: str
    libelle: str
    programmation: Programmation
    en_service: bool
    timeout: dt.timedelta = dt.timedelta(hours=4)
    parametres: tuple[str, ...] = ()
    job: str | None = None
    dry_run: bool = False
    resources: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dag_file(self) -> str:
        """The DAG file name: the code in lower case."""
        return f"{self.code.lower()}.py"


def _at(hour: int, minute: int, days: tuple[str, ...] = ()) -> Programmation:
    return Programmation(jours=days, heure=hour, minute=minute)


BATCHES: dict[str, Batch] = {
    b.code: b
    for b in (
        Batch(
            "BATCH_APP_EN_MAINT",
            "Mise en maintenance de l'application",
            _at(22, 55),
            en_service=True,
            job="maintenance",
            resources=("conn",),
            options={"enabled": True},
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch(
            "BATCH_APP_EN_SERVICE",
            "Mise en service de l'application",
            _at(23, 30),
            en_service=True,
            job="maintenance",
            resources=("conn",),
            options={"enabled": False},
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch(
            "BATCH_ARCHIVAGE",
            "Archivage de campagne",
            _at(22, 30),
            en_service=True,
            job="archivage",
            dry_run=True,
            resources=("conn",),
        ),
        Batch(
            "BATCH_ASYNC_OPI",
            "Déversement d'OPI asynchrone",
            _at(22, 30),
            en_service=True,
            job="async_opi",
            dry_run=True,
            timeout=dt.timedelta(hours=2),
            parametres=("OPI_NB_BATCH_MAX", "OPI_PREFIXE", "OPI_IS_UTILISE_ADR", "SCOL_SISCOL_COD_SANS_BAC"),
        ),
        Batch(
            "BATCH_DEMO",
            "Mise à zéro de l'application",
            _at(3, 50, WEEKDAYS),
            en_service=False,
            job="demo",
            resources=("conn", "store"),
            timeout=dt.timedelta(minutes=30),
        ),
        Batch(
            "BATCH_DESTRUCT_DOSSIER",
            "Destruction des dossiers archivés",
            _at(22, 30),
            en_service=True,
            job="destruct_dossier",
            dry_run=True,
            resources=("conn", "stores"),
            parametres=("SCOL_NB_JOUR_ARCHIVAGE",),
        ),
        Batch(
            "BATCH_DESTRUCT_HISTO",
            "Destruction de l'historique des batches",
            _at(23, 0, DAYS),
            en_service=True,
            job="destruct_histo",
            dry_run=True,
            resources=("conn", "api"),
            timeout=dt.timedelta(hours=1),
            parametres=("TECH_NB_JOUR_KEEP_HISTO_BATCH",),
        ),
        Batch(
            "BATCH_NETTOYAGE",
            "Nettoyage des batches",
            _at(22, 30, DAYS),
            en_service=True,
            job="nettoyage",
            dry_run=True,
            resources=("api", "own_run"),
            timeout=dt.timedelta(hours=1),
        ),
        Batch(
            "BATCH_NETTOYAGE_CPT",
            "Nettoyage des comptes à minima invalides",
            _at(22, 30),
            en_service=True,
            job="nettoyage_cpt",
            dry_run=True,
            resources=("conn",),
        ),
        Batch(
            "BATCH_SYNCHRO_SISCOL",
            "Synchro Si Scolarité",
            _at(21, 0, WEEKDAYS),
            en_service=True,
            job="synchro_siscol",
            dry_run=True,
            timeout=dt.timedelta(hours=1),
        ),
        Batch(
            "BATCH_SYNC_LIMESURVEY",
            "Synchronisation des formulaires Limesurvey",
            _at(22, 30),
            en_service=True,
            job="sync_limesurvey",
        ),
        # Not on the seed's screen: eCandidat's defaults, out of service.
        Batch(
            "BATCH_ASYNC_OPI_PJ",
            "Déversement des PJ OPI asynchrone",
            _at(22, 45),
            en_service=False,
            job="async_opi_pj",
            dry_run=True,
            timeout=dt.timedelta(hours=2),
            parametres=("OPI_IS_UTILISE_PJ",),
        ),
        Batch(
            "BATCH_DESIST_AUTO",
            "Désistement automatique des candidatures",
            _at(23, 15, DAYS),
            en_service=False,
            job="confirmation",
            dry_run=True,
            resources=("conn", "outbox_journal", "own_run"),
            options={"action": "desist"},
            timeout=dt.timedelta(hours=1),
            parametres=("LC_IS_CALCUL_RANG_REEL",),
        ),
        Batch(
            "BATCH_RELANCE_FAVO",
            "Relance des avis favorables non confirmés",
            _at(23, 30, DAYS),
            en_service=False,
            job="confirmation",
            dry_run=True,
            resources=("conn", "outbox_journal", "own_run"),
            options={"action": "relance"},
            timeout=dt.timedelta(hours=1),
            parametres=("SCOL_NB_JOUR_RELANCE_FAVO",),
        ),
        Batch(
            "BATCH_CALCUL_RANG_LC",
            "Calcul du rang réel en liste complémentaire",
            _at(23, 45, DAYS),
            en_service=False,
            job="calcul_rang_lc",
            dry_run=True,
            resources=("conn",),
            timeout=dt.timedelta(minutes=30),
        ),
        Batch(
            "BATCH_MAJ_GESTIONNAIRE",
            "Mise à jour des gestionnaires",
            _at(21, 30),
            en_service=False,
            job="maj_gestionnaire",
            dry_run=True,
            resources=("conn", "ldap"),
            timeout=dt.timedelta(minutes=30),
        ),
    )
}


def get_batch(code: str) -> Batch:
    """Return the batch of that code, or raise a KeyError that lists the known codes."""
    try:
        return BATCHES[code]
    except KeyError:
        raise KeyError(f"unknown batch code {code!r}; known: {', '.join(sorted(BATCHES))}") from None
