"""Every Airflow connection the package uses, declared once: id, type, fields, extras, meaning.

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

_URL_FIELDS = {
    "host": "L'URL complète du service, ou seulement le nom d'hôte (avec schema, port et l'extra path).",
    "schema": "https ou http, quand host n'est qu'un nom d'hôte.",
    "port": "Le port, quand host n'est qu'un nom d'hôte.",
}

_DB_BATCHES = (
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
    "BATCH_SYNCHRO_SISCOL",
    "BATCH_SYNC_LIMESURVEY",
)

#: Every connection the package uses, in the order of the reference page.
CONNECTIONS: dict[str, ConnectionSpec] = {
    c.conn_id: c
    for c in (
        ConnectionSpec(
            "ecandidat_db",
            "mysql (ou postgres)",
            "La base d'eCandidat elle-même (MariaDB ≥ 10.6 ou MySQL 8.0), ou une copie PostgreSQL de son "
            "schéma. Son utilisateur n'a besoin que des droits que donne la commande grants. Aussi lue par "
            "la page Admin > Batches et par la commande takeover (table batch).",
            {
                "host": "Le serveur de base de données.",
                "port": "Le port (3306 pour MariaDB/MySQL, 5432 pour PostgreSQL).",
                "schema": "Le nom de la base d'eCandidat.",
                "login": "L'utilisateur des batches.",
                "password": "Son mot de passe.",
            },
            (
                Extra("charset", "Jeu de caractères de la session MariaDB/MySQL.", "utf8mb4"),
                Extra("unix_socket", "Socket Unix d'un serveur MariaDB/MySQL sur le même hôte.", "aucun"),
                Extra(
                    "ssl",
                    'TLS vers MariaDB/MySQL : {"ca": "/etc/ssl/univ-ca.pem"} (et "cert", "key" pour un '
                    "certificat client).",
                    "aucun",
                ),
                Extra(
                    "ssl_mode",
                    "Exigence TLS de MariaDB/MySQL : REQUIRED, VERIFY_CA ou VERIFY_IDENTITY.",
                    "aucune",
                ),
                Extra(
                    "sslmode",
                    "TLS vers PostgreSQL : require, verify-ca ou verify-full (avec sslrootcert, le fichier "
                    "de la CA).",
                    "prefer",
                ),
                Extra("sslrootcert", "PostgreSQL : le fichier de l'autorité de certification.", "aucun"),
            ),
            batches=_DB_BATCHES,
            ecandidat="la ressource JNDI jdbc/dbEcandidat",
            exemple={
                "conn_type": "mysql",
                "host": "mariadb.univ.example.fr",
                "port": 3306,
                "login": "ecandidat_batch",
                "password": "...",
                "schema": "ecandidat",
                "extra": {"charset": "utf8mb4"},
            },
        ),
        ConnectionSpec(
            "airflow_api",
            "http",
            "L'API REST v2 d'Airflow lui-même : les batches qui agissent sur les exécutions d'Airflow et la "
            "ligne de commande d'administration (list, set, reset, takeover). Un utilisateur dédié qui peut "
            "modifier les exécutions de DAG et les variables (rôle op du simple auth manager, ou un rôle FAB "
            "équivalent).",
            {
                "host": "Le nom d'hôte du serveur d'API d'Airflow.",
                "schema": "https ou http.",
                "port": "Le port, s'il n'est pas celui du schéma.",
                "login": "L'utilisateur Airflow des batches.",
                "password": "Son mot de passe (échangé contre un jeton JWT).",
            },
            HTTP_EXTRAS,
            batches=("BATCH_NETTOYAGE", "BATCH_DESTRUCT_HISTO"),
            exemple={
                "conn_type": "http",
                "host": "airflow.univ.example.fr",
                "schema": "https",
                "login": "batchbot",
                "password": "...",
                "extra": {"verify": "/etc/ssl/univ-ca.pem"},
            },
        ),
        ConnectionSpec(
            "smtp_default",
            "smtp",
            "Le relais SMTP : mails d'échec des batches et mails aux candidats. L'identifiant est celui du "
            "réglage [ecandidat] smtp_conn_id (smtp_default par défaut).",
            {
                "host": "Le relais SMTP.",
                "port": "Son port (25 pour un relais sans authentification, comme eCandidat).",
                "login": "L'utilisateur, si le relais demande une authentification.",
                "password": "Son mot de passe.",
            },
            (
                Extra("disable_tls", "true : pas de STARTTLS (relais interne, comme eCandidat).", "false"),
                Extra("disable_ssl", "true : connexion sans TLS implicite (port 465 sinon).", "false"),
                Extra(
                    "ssl_context",
                    "default : certificat du serveur vérifié avec les autorités du système (ajoutez-y la CA "
                    "de l'établissement) ; none : non vérifié.",
                    "default",
                ),
                Extra("timeout", TIMEOUT, "30"),
                Extra(
                    "retry_limit",
                    "Renvois d'un mail refusé par le fournisseur SMTP dans la même session ; une session "
                    "perdue est rouverte une fois par les batches eux-mêmes.",
                    "5",
                ),
            ),
            batches=("BATCH_DESIST_AUTO", "BATCH_RELANCE_FAVO", "BATCH_ASYNC_OPI"),
            ecandidat="mail.smtpHost, mail.smtpPort",
            exemple={
                "conn_type": "smtp",
                "host": "smtp.univ.example.fr",
                "port": 25,
                "extra": {"disable_tls": True, "disable_ssl": True, "timeout": 30, "retry_limit": 1},
            },
        ),
        ConnectionSpec(
            "limesurvey_default",
            "http",
            "L'interface RemoteControl 2 (JSON-RPC) de LimeSurvey, pour BATCH_SYNC_LIMESURVEY. Une seule "
            "session par exécution, libérée à la fin. La forme URI d'Airflow convient aussi : "
            "https://ecandidat:MOT_DE_PASSE@enquetes.univ.fr/index.php/admin/remotecontrol.",
            {**_URL_FIELDS, "login": "L'utilisateur LimeSurvey.", "password": "Son mot de passe."},
            (
                Extra(
                    "path",
                    "Le chemin de RemoteControl quand host n'est qu'un nom d'hôte.",
                    "index.php/admin/remotecontrol",
                ),
                Extra("timeout", TIMEOUT, "60"),
                Extra("retries", RETRIES, "3"),
                *HTTP_EXTRAS,
            ),
            batches=("BATCH_SYNC_LIMESURVEY",),
            ecandidat="limesurvey.path, limesurvey.user, limesurvey.pass",
            exemple={
                "conn_type": "http",
                "host": "https://enquetes.univ.example.fr/index.php/admin/remotecontrol",
                "login": "ecandidat",
                "password": "...",
                "extra": {"timeout": 60, "retries": 3},
            },
        ),
        ConnectionSpec(
            "ecandidat_cmis",
            "http",
            "Le dépôt CMIS d'eCandidat (liaison AtomPub), quand il y range des fichiers "
            "(typ_stockage_fichier C) ou ses dossiers de campagne (file_storage = cmis). La forme URI "
            "d'Airflow convient aussi.",
            {
                "host": "L'URL AtomPub du dépôt (ou un nom d'hôte, avec schema, port et l'extra path).",
                "schema": "https ou http, quand host n'est qu'un nom d'hôte.",
                "login": "L'utilisateur du dépôt (authentification HTTP Basic).",
                "password": "Son mot de passe.",
            },
            (
                Extra("repository", "L'identifiant du dépôt.", "le premier dépôt du document de service"),
                Extra(
                    "candidat_folder_id",
                    "Le dossier candidat, qui contient les dossiers de campagne.",
                    "aucun (nécessaire pour supprimer un dossier de campagne)",
                ),
                Extra("path", "Le chemin AtomPub quand host n'est qu'un nom d'hôte.", "aucun"),
                Extra("timeout", TIMEOUT, "30"),
                Extra("retries", RETRIES + " Lectures seulement.", "3"),
                *HTTP_EXTRAS,
            ),
            batches=("BATCH_DESTRUCT_DOSSIER", "BATCH_ASYNC_OPI_PJ"),
            ecandidat="file.cmis.atompub.url, file.cmis.user, file.cmis.pwd, file.cmis.repository, "
            "file.cmis.candidat.id",
            exemple={
                "conn_type": "http",
                "host": "https://ged.univ.example.fr/alfresco/api/-default-/public/cmis/versions/1.1/atom",
                "login": "ecandidat",
                "password": "...",
                "extra": {"repository": "-default-", "candidat_folder_id": "workspace://SpacesStore/..."},
            },
        ),
        ConnectionSpec(
            "ecandidat_ldap",
            "generic",
            "L'annuaire LDAP de l'établissement, pour BATCH_MAJ_GESTIONNAIRE. En TLS (ldaps://, ou extra "
            "start_tls sur ldap://) le certificat de l'annuaire est vérifié.",
            {
                "host": "L'URL de l'annuaire (ldap://… ou ldaps://…), ou son nom d'hôte.",
                "port": "Le port, quand host n'est qu'un nom d'hôte.",
                "login": "Le DN de liaison (bind DN) ; vide : liaison anonyme.",
                "password": "Son mot de passe.",
            },
            (
                Extra("people", "La branche des personnes (obligatoire).", "aucun"),
                Extra("uid", "L'attribut du login.", "uid"),
                Extra("display_name", "L'attribut du libellé de l'individu.", "displayName"),
                Extra("mail", "L'attribut du mail.", "mail"),
                Extra("timeout", "Délai maximal de la connexion et de chaque recherche, en secondes.", "30"),
                Extra("start_tls", "true : STARTTLS sur ldap://.", "false"),
                Extra(
                    "ca_certs",
                    "Le fichier de l'autorité de certification de l'annuaire.",
                    "autorités du système",
                ),
                Extra("verify", "false : certificat non vérifié (explicitement ; à éviter).", "true"),
            ),
            batches=("BATCH_MAJ_GESTIONNAIRE",),
            ecandidat="ldap.url, ldap.user, ldap.pwd, ldap.branche.people, ldap.champs.uid, "
            "ldap.champs.displayName, ldap.champs.mail",
            exemple={
                "conn_type": "generic",
                "host": "ldaps://ldap.univ.example.fr",
                "login": "cn=ecandidat,ou=services,dc=univ,dc=fr",
                "password": "...",
                "extra": {
                    "people": "ou=people,dc=univ,dc=fr",
                    "uid": "uid",
                    "display_name": "displayName",
                    "mail": "mail",
                    "timeout": 30,
                },
            },
        ),
        ConnectionSpec(
            "pegase_default",
            "http",
            "Pégase (API ref et odf de PC-SCOL), quand le SI Scolarité est Pégase (siscol_type = P), pour "
            "BATCH_SYNCHRO_SISCOL. Le jeton JWT du CAS est réutilisé jusqu'à son expiration.",
            {"login": "Le compte Pégase.", "password": "Son mot de passe."},
            (
                Extra("auth_url", "Le service de tickets du CAS (…/cas/v1/tickets/), obligatoire.", "aucun"),
                Extra("ref_url", "L'API du référentiel (…/api/v1/ref/), obligatoire.", "aucun"),
                Extra("odf_url", "L'API de l'offre de formation (…/api/v1/odf/), pour les années.", "aucun"),
                Extra("etablissement", "Le code de l'établissement dans Pégase.", "aucun"),
                Extra("timeout", TIMEOUT, "60"),
                Extra("retries", RETRIES, "3"),
                Extra("page_size", "Éléments par page de nomenclature.", "1000"),
                *HTTP_EXTRAS,
            ),
            batches=("BATCH_SYNCHRO_SISCOL",),
            ecandidat="configUrlServicesPegase.properties : auth.url, ref.url, odf.url, pegase.etablissement",
            exemple={
                "conn_type": "http",
                "login": "svc-ecandidat",
                "password": "...",
                "extra": {
                    "auth_url": "https://authn-app.univ.pc-scol.fr/cas/v1/tickets/",
                    "ref_url": "https://ref.univ.pc-scol.fr/api/v1/ref/",
                    "odf_url": "https://odf.univ.pc-scol.fr/api/v1/odf/",
                    "etablissement": "ETAB00",
                },
            },
        ),
        ConnectionSpec(
            "apogee_default",
            "oracle (toute connexion SQL d'Airflow)",
            "La base d'Apogée, en lecture seule, quand le SI Scolarité est Apogée (siscol_type = A) : "
            "BATCH_SYNCHRO_SISCOL y lit les référentiels, BATCH_ASYNC_OPI y vérifie IND_OPI et VOEUX_INS "
            "après chaque appel, BATCH_ASYNC_OPI_PJ y retire une ligne OPI_PJ dont la pièce n'est pas "
            "arrivée. Demande le fournisseur Oracle d'Airflow (apache-airflow-providers-oracle).",
            {
                "host": "Le serveur Oracle.",
                "port": "Son port (1521).",
                "login": "Le compte, qui n'a besoin que de SELECT sur les tables lues (et de DELETE sur "
                "OPI_PJ pour BATCH_ASYNC_OPI_PJ).",
                "password": "Son mot de passe.",
            },
            (
                Extra("service_name", "Le nom de service Oracle.", "aucun"),
                Extra("sid", "Le SID Oracle, à la place du nom de service.", "aucun"),
            ),
            batches=("BATCH_SYNCHRO_SISCOL", "BATCH_ASYNC_OPI", "BATCH_ASYNC_OPI_PJ"),
            ecandidat="la ressource JNDI jdbc/dbSiScol",
            exemple={
                "conn_type": "oracle",
                "host": "apogee-db.univ.example.fr",
                "port": 1521,
                "login": "ecandidat_ro",
                "password": "...",
                "extra": {"service_name": "APOGEE"},
            },
        ),
        ConnectionSpec(
            "opi_metier_default",
            "http",
            "Le service web SOAP OpiMetier d'Apogée (AMUE), pour BATCH_ASYNC_OPI.",
            {
                **_URL_FIELDS,
                "login": "L'utilisateur, si le service est derrière une authentification HTTP Basic.",
                "password": "Son mot de passe.",
            },
            (
                Extra(
                    "path", "Le chemin du service quand host n'est qu'un nom d'hôte.", "services/OpiMetier"
                ),
                Extra(
                    "wsdl",
                    "Le WSDL de l'AMUE (chemin ou URL) à la place de celui du paquet.",
                    "celui du paquet",
                ),
                Extra("timeout", TIMEOUT, "60"),
                Extra("retries", RETRIES + " Une faute SOAP est la réponse d'Apogée : jamais retentée.", "3"),
                *HTTP_EXTRAS,
            ),
            batches=("BATCH_ASYNC_OPI",),
            ecandidat="opiMetier.urlService",
            exemple={
                "conn_type": "http",
                "host": "https://apogee-ws.univ.example.fr/services/OpiMetier",
                "extra": {"timeout": 60, "retries": 3},
            },
        ),
        ConnectionSpec(
            "pj_opi_metier_default",
            "http",
            "Le service web SOAP PjOpiMetier d'Apogée (AMUE), pour BATCH_ASYNC_OPI_PJ.",
            {
                **_URL_FIELDS,
                "login": "L'utilisateur, si le service est derrière une authentification HTTP Basic.",
                "password": "Son mot de passe.",
            },
            (
                Extra(
                    "path", "Le chemin du service quand host n'est qu'un nom d'hôte.", "services/PjOpiMetier"
                ),
                Extra(
                    "wsdl",
                    "Le WSDL de l'AMUE (chemin ou URL) à la place de celui du paquet.",
                    "celui du paquet",
                ),
                Extra("timeout", TIMEOUT, "60"),
                Extra("retries", RETRIES + " Une faute SOAP est la réponse d'Apogée : jamais retentée.", "3"),
                *HTTP_EXTRAS,
            ),
            batches=("BATCH_ASYNC_OPI_PJ",),
            ecandidat="pj.urlService",
            exemple={
                "conn_type": "http",
                "host": "https://apogee-ws.univ.example.fr/services/PjOpiMetier",
            },
        ),
        ConnectionSpec(
            PDF_CONN_ID,
            "generic",
            "Les secrets de la lettre d'admission jointe au mail de passage en liste principale : le mot "
            "de passe du keystore qui la signe et le mot de passe propriétaire qui la protège. Absente : "
            "lettre ni signée ni protégée.",
            {"password": "Le mot de passe du keystore PKCS#12 ([ecandidat] letter_keystore_path)."},
            (
                Extra(
                    "crypt_password",
                    "Le mot de passe propriétaire du PDF : la lettre est protégée avec les droits de "
                    "[ecandidat] letter_pdf_forbidden (sans mot de passe pour l'ouvrir).",
                    "aucun (pas de protection)",
                ),
            ),
            batches=("BATCH_DESIST_AUTO",),
            ecandidat="pdf.signature.pass, pdf.crypt.pass",
            exemple={"conn_type": "generic", "password": "...", "extra": {"crypt_password": "..."}},
        ),
    )
}
