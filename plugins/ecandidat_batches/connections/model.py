"""How a connection is declared: its fields, its extras, and what every HTTP/SOAP connection shares.

The admins' reference page (``docs/admin/connexions.md``) is generated from :data:`CONNECTIONS`, and
a test checks that every connection id the package names (hooks' ``default_conn_name``, ``*_CONN_ID``
constants, the settings' defaults) is declared here and in ``airflow.cfg.example``. Meanings are in
French: they are what the admins read. Credentials never appear here, only what each field holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Extra:
    """One key of a connection's ``extra`` (JSON).

    :param name: the key.
    :param sens: what it holds, in French.
    :param defaut: the value when absent, as the page shows it; empty when there is none.
    """

    name: str
    sens: str
    defaut: str = ""


@dataclass(frozen=True)
class ConnectionSpec:
    """One Airflow connection of the package.

    :param conn_id: the connection id (``AIRFLOW_CONN_<ID>`` in the environment).
    :param conn_type: the Airflow connection type(s).
    :param sens: what it reaches and when it is needed, in French.
    :param champs: the connection's fields the package reads (host, port, schema, login, password)
        and what each holds.
    :param extras: the keys of its ``extra`` the package or the provider reads.
    :param batches: the batches that use it; empty when it concerns them all.
    :param ecandidat: eCandidat's properties it takes over.
    :param exemple: a connection as JSON (the form of ``AIRFLOW_CONN_<ID>``), secrets as ``...``.
    """

    conn_id: str
    conn_type: str
    sens: str
    champs: Mapping[str, str]
    extras: tuple[Extra, ...] = ()
    batches: tuple[str, ...] = ()
    ecandidat: str = ""
    exemple: Mapping[str, Any] = field(default_factory=dict)

    @property
    def env_var(self) -> str:
        """The environment variable that holds it."""
        return f"AIRFLOW_CONN_{self.conn_id.upper()}"


#: The admission letters' secrets (keystore password, PDF owner password).
PDF_CONN_ID = "ecandidat_pdf"

TIMEOUT = "Délai maximal d'un appel, en secondes."
RETRIES = (
    "Nouvelles tentatives après la première (3 : quatre essais au plus), après une erreur de transport "
    "(connexion refusée ou coupée, délai dépassé, réponse 429 ou 5xx), avec une attente croissante ; un "
    "certificat refusé, une autre réponse 4xx ou une erreur métier ne sont jamais retentés."
)

#: The TLS and proxy extras of every HTTP and SOAP connection (read by the HTTP session of the hooks).
HTTP_EXTRAS = (
    Extra(
        "verify",
        "Vérification du certificat du serveur : chemin du fichier de l'autorité de certification (CA) "
        "de l'établissement, ou false pour ne pas vérifier (à éviter).",
        "true (autorités du système)",
    ),
    Extra(
        "cert",
        "Certificat client, quand le serveur en demande un : chemin d'un fichier PEM qui contient le "
        "certificat et sa clé, ou liste [certificat, clé].",
        "aucun",
    ),
    Extra(
        "proxies",
        'Mandataire HTTP : {"http": "http://proxy.univ.fr:3128", "https": "http://proxy.univ.fr:3128"} '
        "(ses identifiants dans l'URL : http://utilisateur:motdepasse@proxy...).",
        "aucun (les variables HTTP_PROXY, HTTPS_PROXY et NO_PROXY de l'environnement s'appliquent)",
    ),
    Extra(
        "trust_env",
        "false : ignorer les variables d'environnement (HTTPS_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE) ; "
        "ce que la connexion dit l'emporte toujours sur elles.",
        "true",
    ),
)

URL_FIELDS = {
    "host": "L'URL complète du service, ou seulement le nom d'hôte (avec schema, port et l'extra path).",
    "schema": "https ou http, quand host n'est qu'un nom d'hôte.",
    "port": "Le port, quand host n'est qu'un nom d'hôte.",
}

DB_BATCHES = (
    "BATCH_APP_EN_MAINT",
    "BATCH_APP_EN_SERVICE",
    "BATCH_ARCHIVAGE",
    "BATCH_ASYNC_OPI",
    "BATCH_ASYNC_OPI_PJ",
    "BATCH_CALCUL_RANG_LC",
    "BATCH_DEMO",
    "BATCH_DESIST_AUTO",
    "BATCH_DESTRUCT_DOSSIER",
    "BATCH_DESTRUCT_HISTO",
    "BATCH_MAJ_GESTIONNAIRE",
    "BATCH_NETTOYAGE_CPT",
    "BATCH_RELANCE_FAVO",
    "BATCH_RELANCE_TRANSMISSION",
    "BATCH_SYNCHRO_SISCOL",
    "BATCH_SYNC_LIMESURVEY",
)
