"""Airflow plugin: eCandidat's "Administration > Batches" page and the batches' timetables.

Every Airflow process loads plugins, task processes included, so this module stays cheap: the page
(a FastAPI app and its templates) is imported only when the API server asks for its apps.
"""

from __future__ import annotations

from typing import Any

from airflow.plugins_manager import AirflowPlugin

from ecandidat_batches.schedule.timetables import TIMETABLES


class EcandidatBatchesPlugin(AirflowPlugin):
    name = "ecandidat_batches"
    # The scheduler can only deserialise a timetable that a plugin declares.
    timetables = list(TIMETABLES)  # noqa: RUF012
    external_views = [  # noqa: RUF012
        {
            "name": "Batches",
            "href": "/batches/",
            "url_route": "batches",
            "destination": "nav",
            "category": "admin",
        }
    ]

    @property
    def fastapi_apps(self) -> list[dict[str, Any]]:  # type: ignore[override]
        """The page, imported on demand: only the API server reads this."""
        from ecandidat_batches.admin.web import app

        return [{"app": app, "url_prefix": "/batches", "name": "Batches eCandidat"}]
