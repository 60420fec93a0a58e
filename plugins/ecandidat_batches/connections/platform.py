"""The connections of eCandidat's own platform: its database, Airflow's API, the mail relay, the file
repository and the directory."""

from __future__ import annotations

from ecandidat_batches.connections.model import (
    DB_BATCHES,
    HTTP_EXTRAS,
    PDF_CONN_ID,
    RETRIES,
    TIMEOUT,
    ConnectionSpec,
    Extra,
)

#: In the order of the reference page.
SPECS = (
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
        batches=DB_BATCHES,
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
        batches=("BATCH_DESIST_AUTO", "BATCH_RELANCE_FAVO", "BATCH_ASYNC_OPI", "BATCH_RELANCE_TRANSMISSION"),
        ecandidat="mail.smtpHost, mail.smtpPort",
        exemple={
            "conn_type": "smtp",
            "host": "smtp.univ.example.fr",
            "port": 25,
            "extra": {"disable_tls": True, "disable_ssl": True, "timeout": 30, "retry_limit": 1},
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
