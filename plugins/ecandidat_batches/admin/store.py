"""The override store on the admin side: the Airflow Variable through the REST API v2.

The Task SDK's ``Variable.set`` only works inside a task, and Airflow's ORM model needs the metadata
database; the REST API works from any host with the ``airflow_api`` connection, and Airflow checks
the caller's rights. Parsing reads the same Variable with the SDK (see ``overrides``).
"""

from __future__ import annotations

from urllib.parse import quote

from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.overrides import VARIABLE_KEY

DESCRIPTION = "Programmations des batches eCandidat modifiées par un administrateur"


class ApiVariableStore:
    """Read and write ``ecandidat_batches_programmations`` through ``/api/v2/variables``."""

    def __init__(self, hook: AirflowApiHook | None = None) -> None:
        self.hook = hook or AirflowApiHook()
        self.path = f"/variables/{quote(VARIABLE_KEY)}"

    def read(self) -> str | None:
        response = self.hook.api("GET", self.path, ok=(200, 404))
        return None if response.status_code == 404 else response.json()["value"]

    def write(self, value: str) -> None:
        body = {"key": VARIABLE_KEY, "value": value, "description": DESCRIPTION}
        if self.hook.api("PATCH", self.path, json=body, ok=(200, 404)).status_code == 404:
            self.hook.api("POST", "/variables", json=body, ok=(201,))
