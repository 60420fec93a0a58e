"""Airflow plugin: eCandidat's "Administration > Batches" screen in the Admin menu of Airflow's UI."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from ecandidat_batches.admin.web import app


class EcandidatBatchesPlugin(AirflowPlugin):
    name = "ecandidat_batches"
    fastapi_apps = [{"app": app, "url_prefix": "/batches", "name": "Batches eCandidat"}]  # noqa: RUF012
    external_views = [  # noqa: RUF012
        {
            "name": "Batches",
            "href": "/batches/",
            "url_route": "batches",
            "destination": "nav",
            "category": "admin",
        }
    ]
