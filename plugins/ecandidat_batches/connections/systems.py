"""The connections of the systems eCandidat talks to: LimeSurvey and the SI Scolarité (Pégase, Apogée
and its OPI services)."""

from __future__ import annotations

from ecandidat_batches.connections.model import (
    HTTP_EXTRAS,
    RETRIES,
    TIMEOUT,
    URL_FIELDS,
    ConnectionSpec,
    Extra,
)

WSDL_DEFAULT = "celui du paquet"


def _amue_soap(
    conn_id: str, service: str, batch: str, ecandidat: str, extra: dict[str, int] | None = None
) -> ConnectionSpec:
    """An Apogée SOAP web service of the AMUE (OpiMetier, PjOpiMetier): the same fields and extras."""
    return ConnectionSpec(
        conn_id,
        "http",
        f"Le service web SOAP {service} d'Apogée (AMUE), pour {batch}.",
        {
            **URL_FIELDS,
            "login": "L'utilisateur, si le service est derrière une authentification HTTP Basic.",
            "password": "Son mot de passe.",
        },
        (
            Extra("path", "Le chemin du service quand host n'est qu'un nom d'hôte.", f"services/{service}"),
            Extra("wsdl", "Le WSDL de l'AMUE (chemin ou URL) à la place de celui du paquet.", WSDL_DEFAULT),
            Extra("timeout", TIMEOUT, "60"),
            Extra("retries", RETRIES + " Une faute SOAP est la réponse d'Apogée : jamais retentée.", "3"),
            *HTTP_EXTRAS,
        ),
        batches=(batch,),
        ecandidat=ecandidat,
        exemple={
            "conn_type": "http",
            "host": f"https://apogee-ws.univ.example.fr/services/{service}",
            **({"extra": extra} if extra else {}),
        },
    )


#: In the order of the reference page.
SPECS = (
    ConnectionSpec(
        "limesurvey_default",
        "http",
        "L'interface RemoteControl 2 (JSON-RPC) de LimeSurvey, pour BATCH_SYNC_LIMESURVEY. Une seule "
        "session par exécution, libérée à la fin. La forme URI d'Airflow convient aussi : "
        "https://ecandidat:MOT_DE_PASSE@enquetes.univ.fr/index.php/admin/remotecontrol.",
        {**URL_FIELDS, "login": "L'utilisateur LimeSurvey.", "password": "Son mot de passe."},
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
    _amue_soap(
        "opi_metier_default",
        "OpiMetier",
        "BATCH_ASYNC_OPI",
        "opiMetier.urlService",
        {"timeout": 60, "retries": 3},
    ),
    _amue_soap("pj_opi_metier_default", "PjOpiMetier", "BATCH_ASYNC_OPI_PJ", "pj.urlService"),
)
