"""The batches: the single source of truth for codes, labels and default programmations.

The eleven batches of eCandidat's "Administration > Batches" screen keep that screen's labels,
"En service" boxes and schedules (the seed's table misspells BATCH_SYNCHRO_SISCOL as
"BATCH_SYNC_HRO_SISCOL"; we use the real code). BATCH_DESTRUCT_HISTO, absent from that table, gets
eCandidat's default (every day at 23:00). The five batches the screen does not show keep eCandidat's
own defaults, out of service (``tes_batch=0``). After eCandidat's sixteen come the batches this package
adds (``ajoute``: eCandidat has no such batch; :func:`ordered_codes` lists them last), out of service
by default too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecandidat_batches.jobs import (
    Job,
    archivage,
    async_opi,
    async_opi_pj,
    calcul_rang_lc,
    confirmation,
    demo,
    destruct_dossier,
    destruct_histo,
    maintenance,
    maj_gestionnaire,
    nettoyage,
    nettoyage_cpt,
    relance_transmission,
    sync_limesurvey,
    synchro_siscol,
)
from ecandidat_batches.schedule.programmation import DAYS, Programmation

WEEKDAYS = DAYS[:5]


@dataclass(frozen=True)
class Batch:
    """One eCandidat batch.

    :param code: ``cod_batch``, also the ``dag_id``.
    :param libelle: ``lib_batch``, shown as the DAG's display name.
    :param programmation: the default schedule, replaced by an admin's stored override if any.
    :param en_service: ``tes_batch``: the DAG is created unpaused when True.
    :param timeout: ``dagrun_timeout``: Airflow interrupts a run that lasts longer.
    :param parametres: the ``parametre`` rows the batch reads, for its documentation.
    :param job: what does the work (:class:`~ecandidat_batches.jobs.Job`, declared next to its code,
        with the SQL files and resources it needs); None while the batch has no DAG yet.
    :param dry_run: the batch takes the "Simulation" param (``dry_run``): it reports without changing.
    :param ajoute: a batch eCandidat does not have, added by this package: listed after eCandidat's,
        marked so on the page, and left alone by the takeover (eCandidat has no row of it to hand over).
    """

    code: str
    libelle: str
    programmation: Programmation
    en_service: bool
    timeout: dt.timedelta = dt.timedelta(hours=4)
    parametres: tuple[str, ...] = ()
    job: Job | None = None
    dry_run: bool = False
    ajoute: bool = False

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
            job=maintenance.JOB.with_options(enabled=True),
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch(
            "BATCH_APP_EN_SERVICE",
            "Mise en service de l'application",
            _at(23, 30),
            en_service=True,
            job=maintenance.JOB.with_options(enabled=False),
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch(
            "BATCH_ARCHIVAGE",
            "Archivage de campagne",
            _at(22, 30),
            en_service=True,
            job=archivage.JOB,
            dry_run=True,
        ),
        Batch(
            "BATCH_ASYNC_OPI",
            "Déversement d'OPI asynchrone",
            _at(22, 30),
            en_service=True,
            job=async_opi.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=2),
            parametres=(
                "OPI_NB_BATCH_MAX",
                "OPI_PREFIXE",
                "OPI_IS_UTILISE_ADR",
                "SCOL_SISCOL_COD_SANS_BAC",
                "GEST_IS_UTILISE_REG_STU",
                "OPI_IS_UTILISE_PJ",
                "TECH_IS_UTILISE_DEMAT",
            ),
        ),
        Batch(
            "BATCH_DEMO",
            "Mise à zéro de l'application",
            _at(3, 50, WEEKDAYS),
            en_service=False,
            job=demo.JOB,
            timeout=dt.timedelta(minutes=30),
        ),
        Batch(
            "BATCH_DESTRUCT_DOSSIER",
            "Destruction des dossiers archivés",
            _at(22, 30),
            en_service=True,
            job=destruct_dossier.JOB,
            dry_run=True,
            parametres=("SCOL_NB_JOUR_ARCHIVAGE",),
        ),
        Batch(
            "BATCH_DESTRUCT_HISTO",
            "Destruction de l'historique des batches",
            _at(23, 0, DAYS),
            en_service=True,
            job=destruct_histo.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=1),
            parametres=("TECH_NB_JOUR_KEEP_HISTO_BATCH",),
        ),
        Batch(
            "BATCH_NETTOYAGE",
            "Nettoyage des batches",
            _at(22, 30, DAYS),
            en_service=True,
            job=nettoyage.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=1),
        ),
        Batch(
            "BATCH_NETTOYAGE_CPT",
            "Nettoyage des comptes à minima invalides",
            _at(22, 30),
            en_service=True,
            job=nettoyage_cpt.JOB,
            dry_run=True,
        ),
        Batch(
            "BATCH_SYNCHRO_SISCOL",
            "Synchro Si Scolarité",
            _at(21, 0, WEEKDAYS),
            en_service=True,
            job=synchro_siscol.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=1),
        ),
        Batch(
            "BATCH_SYNC_LIMESURVEY",
            "Synchronisation des formulaires Limesurvey",
            _at(22, 30),
            en_service=True,
            job=sync_limesurvey.JOB,
        ),
        # Not on the seed's screen: eCandidat's defaults, out of service.
        Batch(
            "BATCH_ASYNC_OPI_PJ",
            "Déversement des PJ OPI asynchrone",
            _at(22, 45),
            en_service=False,
            job=async_opi_pj.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=2),
            parametres=("OPI_IS_UTILISE_PJ",),
        ),
        Batch(
            "BATCH_DESIST_AUTO",
            "Désistement automatique des candidatures",
            _at(23, 15, DAYS),
            en_service=False,
            job=confirmation.JOB.with_options(action="desist"),
            dry_run=True,
            timeout=dt.timedelta(hours=1),
            parametres=("LC_IS_CALCUL_RANG_REEL",),
        ),
        Batch(
            "BATCH_RELANCE_FAVO",
            "Relance des avis favorables non confirmés",
            _at(23, 30, DAYS),
            en_service=False,
            job=confirmation.JOB.with_options(action="relance"),
            dry_run=True,
            timeout=dt.timedelta(hours=1),
            parametres=("SCOL_NB_JOUR_RELANCE_FAVO",),
        ),
        Batch(
            "BATCH_CALCUL_RANG_LC",
            "Calcul du rang réel en liste complémentaire",
            _at(23, 45, DAYS),
            en_service=False,
            job=calcul_rang_lc.JOB,
            dry_run=True,
            timeout=dt.timedelta(minutes=30),
        ),
        Batch(
            "BATCH_MAJ_GESTIONNAIRE",
            "Mise à jour des gestionnaires",
            _at(21, 30),
            en_service=False,
            job=maj_gestionnaire.JOB,
            dry_run=True,
            timeout=dt.timedelta(minutes=30),
        ),
        # Added by this package (eCandidat's users asked for it: esup-ecandidat issues #64 and #66).
        Batch(
            "BATCH_RELANCE_TRANSMISSION",
            "Relance des candidatures non transmises",
            _at(6, 30, DAYS),
            en_service=False,
            job=relance_transmission.JOB,
            dry_run=True,
            timeout=dt.timedelta(hours=1),
            ajoute=True,
        ),
    )
}


def ordered_codes() -> list[str]:
    """The codes as the screen lists them: eCandidat's batches in code order, then the ones this
    package adds."""
    return sorted(BATCHES, key=lambda code: (BATCHES[code].ajoute, code))


def get_batch(code: str) -> Batch:
    """Return the batch of that code, or raise a KeyError that lists the known codes."""
    try:
        return BATCHES[code]
    except KeyError:
        raise KeyError(f"unknown batch code {code!r}; known: {', '.join(sorted(BATCHES))}") from None
