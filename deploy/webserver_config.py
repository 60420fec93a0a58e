"""FAB's configuration for Airflow's API server: admins log in with the university's LDAP directory.

Read by the FAB auth manager (``[core] auth_manager = ...FabAuthManager``) from ``[fab] config_file``.
Every value comes from the environment (the file ``airflow.env`` of docs/admin/installation.md, or the
pod's secrets), so that this file is the same on every host and in the image, and holds no secret.

Who may log in: the members of the groups mapped to a role (``ECB_LDAP_ADMINS`` ...), and nobody
else: the search only finds them, so a directory account in no mapped group is refused like a wrong
password. Their roles follow the directory at each login (removed from a group, the role goes).
See docs/admin/authentification.md.
"""

from __future__ import annotations

import os

from flask_appbuilder.const import AUTH_LDAP


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _flag(name: str, default: bool) -> bool:
    return _env(name, "true" if default else "false").lower() in ("1", "true", "yes", "oui")


def _escape(value: str) -> str:
    """A value inside an LDAP filter (RFC 4515): a group's DN may hold parentheses or a backslash."""
    return "".join(f"\\{ord(c):02x}" if c in "\\*()\0" else c for c in value)


AUTH_TYPE = AUTH_LDAP
# ldaps://ldap.univ.example.fr (or ldap:// with ECB_LDAP_STARTTLS=true)
AUTH_LDAP_SERVER = _env("ECB_LDAP_URL")
AUTH_LDAP_USE_TLS = _flag("ECB_LDAP_STARTTLS", False)
# The university's CA (a PEM file): the directory's certificate is checked against it, always.
AUTH_LDAP_TLS_CACERTFILE = _env("ECB_LDAP_CA")
AUTH_LDAP_TLS_DEMAND = True
AUTH_LDAP_ALLOW_SELF_SIGNED = False

# The search account (read-only) finds the person by uid, then the person's password is checked by a
# bind as that person.
AUTH_LDAP_BIND_USER = _env("ECB_LDAP_BIND_DN")
AUTH_LDAP_BIND_PASSWORD = _env("ECB_LDAP_BIND_PASSWORD")
AUTH_LDAP_SEARCH = _env("ECB_LDAP_PEOPLE")
AUTH_LDAP_UID_FIELD = _env("ECB_LDAP_UID_FIELD", "uid")
AUTH_LDAP_FIRSTNAME_FIELD = "givenName"
AUTH_LDAP_LASTNAME_FIELD = "sn"
AUTH_LDAP_EMAIL_FIELD = "mail"
# The attribute that lists a person's groups (OpenLDAP's memberof overlay, Active Directory).
AUTH_LDAP_GROUP_FIELD = _env("ECB_LDAP_GROUP_FIELD", "memberOf")

# Group DN -> Airflow's (FAB's) roles. A variable left empty maps no group to that role. FAB's Viewer
# and User may not list the plugins, so Airflow's UI would not show them the Admin > Batches entry:
# they also get "Batches", a role with that one permission ([fab] custom_roles in airflow.cfg).
_ROLES = {
    "ECB_LDAP_ADMINS": ["Admin"],
    "ECB_LDAP_OPERATORS": ["Op"],
    "ECB_LDAP_USERS": ["User", "Batches"],
    "ECB_LDAP_VIEWERS": ["Viewer", "Batches"],
}
AUTH_ROLES_MAPPING: dict[str, list[str]] = {}
for _variable, _roles in _ROLES.items():
    if _group := _env(_variable):
        AUTH_ROLES_MAPPING.setdefault(_group, []).extend(_roles)
# Only the members of a mapped group are found, so nobody else logs in (and a former member, whose
# account FAB still has, is refused too).
AUTH_LDAP_SEARCH_FILTER = (
    "(|" + "".join(f"({AUTH_LDAP_GROUP_FIELD}={_escape(g)})" for g in AUTH_ROLES_MAPPING) + ")"
    if AUTH_ROLES_MAPPING
    else "(objectClass=nonexistent)"
)
# The roles are the directory's at each login, not what an admin set by hand in Security > Users.
AUTH_ROLES_SYNC_AT_LOGIN = True
# A member logging in for the first time gets an account, with the roles of the groups only (FAB adds
# this role to every account it registers: Public has no permission).
AUTH_USER_REGISTRATION = True
AUTH_USER_REGISTRATION_ROLE = "Public"

# The UI's session cookie only over HTTPS, unless the address is plain http (a test, a local trial).
SESSION_COOKIE_SECURE = _env("AIRFLOW__API__BASE_URL", "https://").startswith("https://")
