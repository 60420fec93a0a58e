"""Every Airflow connection the package uses, declared once: id, type, fields, extras, meaning.

The admins' reference page (``docs/admin/connexions.md``) is generated from :data:`CONNECTIONS`, and
a test checks that every connection id the package names (hooks' ``default_conn_name``, ``*_CONN_ID``
constants, the settings' defaults) is declared here and in ``airflow.cfg.example``. Meanings are in
French: they are what the admins read. Credentials never appear here, only what each field holds.
"""

from __future__ import annotations

from ecandidat_batches.connections import platform, systems
from ecandidat_batches.connections.model import HTTP_EXTRAS, PDF_CONN_ID, ConnectionSpec, Extra

__all__ = ["CONNECTIONS", "HTTP_EXTRAS", "PDF_CONN_ID", "ConnectionSpec", "Extra"]

#: The reference page's order.
_ORDER = (
    "ecandidat_db",
    "airflow_api",
    "smtp_default",
    "limesurvey_default",
    "ecandidat_cmis",
    "ecandidat_ldap",
    "pegase_default",
    "apogee_default",
    "opi_metier_default",
    "pj_opi_metier_default",
    "ecandidat_pdf",
)

#: Every connection the package uses, in the order of the reference page.
CONNECTIONS: dict[str, ConnectionSpec] = {
    spec.conn_id: spec
    for spec in sorted((*platform.SPECS, *systems.SPECS), key=lambda s: _ORDER.index(s.conn_id))
}
