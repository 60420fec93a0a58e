"""The batches: the single source of truth for codes, labels and default programmations.

The eleven batches of eCandidat's "Administration > Batches" screen keep that screen's labels,
"En service" boxes and schedules (the seed's table misspells BATCH_SYNCHRO_SISCOL as
"BATCH_SYNC_HRO_SISCOL"; we use the real code). BATCH_DESTRUCT_HISTO, absent from that table, gets
eCandidat's default (every day at 23:00). The five batches the screen does not show keep eCandidat's
own defaults, out of service (``tes_batch=0``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecandidat_batches.programmation import DAYS, Programmation

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
    """

    code: str
    libelle: str
    programmation: Programmation
    en_service: bool
    timeout: dt.timedelta = dt.timedelta(hours=4)
    parametres: tuple[str, ...] = ()

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
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch(
            "BATCH_APP_EN_SERVICE",
            "Mise en service de l'application",
            _at(23, 30),
            en_service=True,
            timeout=dt.timedelta(minutes=10),
            parametres=("TECH_IS_MAINTENANCE",),
        ),
        Batch("BATCH_ARCHIVAGE", "Archivage de campagne", _at(22, 30), en_service=True),
        Batch(
            "BATCH_ASYNC_OPI",
            "Déversement d'OPI asynchrone",
            _at(22, 30),
            en_service=True,
            parametres=("OPI_NB_BATCH_MAX", "OPI_PREFIXE"),
        ),
        Batch(
            "BATCH_DEMO",
            "Mise à zéro de l'application",
            _at(3, 50, WEEKDAYS),
            en_service=False,
            timeout=dt.timedelta(minutes=30),
        ),
        Batch(
            "BATCH_DESTRUCT_DOSSIER",
            "Destruction des dossiers archivés",
            _at(22, 30),
            en_service=True,
            parametres=("SCOL_NB_JOUR_ARCHIVAGE",),
        ),
        Batch(
            "BATCH_DESTRUCT_HISTO",
            "Destruction de l'historique des batches",
            _at(23, 0, DAYS),
            en_service=True,
            timeout=dt.timedelta(hours=1),
            parametres=("TECH_NB_JOUR_KEEP_HISTO_BATCH",),
        ),
        Batch(
            "BATCH_NETTOYAGE",
            "Nettoyage des batches",
            _at(22, 30, DAYS),
            en_service=True,
            timeout=dt.timedelta(hours=1),
        ),
        Batch(
            "BATCH_NETTOYAGE_CPT", "Nettoyage des comptes à minima invalides", _at(22, 30), en_service=True
        ),
        Batch("BATCH_SYNCHRO_SISCOL", "Synchro Si Scolarité", _at(21, 0, WEEKDAYS), en_service=True),
        Batch(
            "BATCH_SYNC_LIMESURVEY",
            "Synchronisation des formulaires Limesurvey",
            _at(22, 30),
            en_service=True,
        ),
        # Not on the seed's screen: eCandidat's defaults, out of service.
        Batch(
            "BATCH_ASYNC_OPI_PJ",
            "Déversement des PJ OPI asynchrone",
            _at(22, 45),
            en_service=False,
            parametres=("OPI_IS_UTILISE_PJ",),
        ),
        Batch(
            "BATCH_DESIST_AUTO",
            "Désistement automatique des candidatures",
            _at(23, 15, DAYS),
            en_service=False,
        ),
        Batch(
            "BATCH_RELANCE_FAVO",
            "Relance des avis favorables non confirmés",
            _at(23, 30, DAYS),
            en_service=False,
            parametres=("SCOL_NB_JOUR_RELANCE_FAVO",),
        ),
        Batch(
            "BATCH_CALCUL_RANG_LC",
            "Calcul du rang réel en liste complémentaire",
            _at(23, 45, DAYS),
            en_service=False,
            parametres=("LC_IS_CALCUL_RANG_REEL",),
        ),
        Batch("BATCH_MAJ_GESTIONNAIRE", "Mise à jour des gestionnaires", _at(21, 30), en_service=False),
    )
}


def get_batch(code: str) -> Batch:
    """Return the batch of that code, or raise a KeyError that lists the known codes."""
    try:
        return BATCHES[code]
    except KeyError:
        raise KeyError(f"unknown batch code {code!r}; known: {', '.join(sorted(BATCHES))}") from None
