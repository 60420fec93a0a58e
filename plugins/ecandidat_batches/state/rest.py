"""The batches' state through Airflow's REST API v2: for tasks, the CLI and any host."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import PurePosixPath
from urllib.parse import quote

from ecandidat_batches.hooks.airflow_api import AirflowApiHook
from ecandidat_batches.schedule.overrides import VARIABLE_KEY
from ecandidat_batches.state import Dag, Run


class RestBatchState:
    """:class:`ecandidat_batches.state.BatchState` through :class:`AirflowApiHook`."""

    def __init__(self, api: AirflowApiHook | None = None) -> None:
        self.api = api or AirflowApiHook()

    def dags(self, codes: Collection[str]) -> dict[str, Dag]:
        return {dag_id: Dag(paused=paused) for dag_id, paused in self.api.paused_states(codes).items()}

    def pending_launches(self, codes: Collection[str]) -> set[str]:
        queued = [
            run
            for run in self.api.iter_dag_runs(dag_ids=sorted(codes), states=["queued"])
            if run["run_type"] == "manual" and run["start_date"] is None
        ]
        if not queued:
            return set()
        body = {
            "dag_ids": sorted({r["dag_id"] for r in queued}),
            "dag_run_ids": sorted({r["dag_run_id"] for r in queued}),
        }
        attempted = {
            (ti["dag_id"], ti["dag_run_id"])
            for ti in self.api.iter_pages("/dags/~/dagRuns/~/taskInstances/list", "task_instances", body)
            if (ti.get("try_number") or 0) > 0
        }
        return {r["dag_id"] for r in queued if (r["dag_id"], r["dag_run_id"]) not in attempted}

    def latest_runs(self, codes: Collection[str]) -> dict[str, Run]:
        latest = {}
        for code in codes:
            run = self.api.latest_started_run(code)
            if run is not None:
                latest[code] = Run.from_api(run)
        return latest

    def running(self, codes: Collection[str]) -> set[str]:
        return {run["dag_id"] for run in self.api.iter_dag_runs(dag_ids=sorted(codes), states=["running"])}

    def overrides(self) -> str | None:
        response = self.api.api("GET", f"/variables/{quote(VARIABLE_KEY)}", ok=(200, 404))
        return None if response.status_code == 404 else response.json()["value"]

    def import_errors(self, codes: Collection[str]) -> dict[str, str]:
        by_file = {f"{code.lower()}.py": code for code in codes}
        found: dict[str, str] = {}
        params = {"limit": 100, "offset": 0}
        while True:
            page = self.api.api("GET", "/importErrors", params=params).json()
            for error in page["import_errors"]:
                code = by_file.get(PurePosixPath(error.get("filename") or "").name)
                if code is not None:
                    found[code] = error.get("stack_trace") or ""
            params["offset"] += len(page["import_errors"])
            if not page["import_errors"] or params["offset"] >= page["total_entries"]:
                return found
