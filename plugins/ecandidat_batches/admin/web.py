"""The "Admin > Batches" page: eCandidat's Batches screen inside Airflow's web UI (read-only for now).

A FastAPI app mounted on the API server by ``ecandidat_batches_plugin.py`` at ``/batches`` and shown
in the UI's Admin menu. It runs inside the API server, where the ORM is the sanctioned way to read
Airflow's state; every route checks the caller's rights through Airflow's auth manager (no login:
401). The actions of the screen (Éditer, Historique, Lancer immédiatement) are not built yet.
"""

from __future__ import annotations

import html
from typing import Any

from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import requires_access_dag
from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI(title="Batches eCandidat", docs_url=None, redoc_url=None, openapi_url=None)


class OrmState:
    """Airflow's state of the batches from the metadata database (API server side only)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def paused_states(self, dag_ids: list[str]) -> dict[str, bool]:
        from airflow.models.dag import DagModel
        from sqlalchemy import select

        query = select(DagModel.dag_id, DagModel.is_paused).where(DagModel.dag_id.in_(dag_ids))
        return dict(self.session.execute(query).all())

    def iter_dag_runs(self, *, dag_ids: list[str], states: list[str]) -> list[dict[str, Any]]:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select

        query = select(DagRun.dag_id).where(DagRun.dag_id.in_(dag_ids), DagRun.state.in_(states))
        return [{"dag_id": d} for d in self.session.scalars(query)]

    def latest_started_run(self, dag_id: str) -> dict[str, Any] | None:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select

        query = (
            select(DagRun)
            .where(DagRun.dag_id == dag_id, DagRun.start_date.is_not(None))
            .order_by(DagRun.start_date.desc())
            .limit(1)
        )
        run = self.session.scalars(query).first()
        if run is None:
            return None
        iso = lambda value: value.isoformat() if value else None  # noqa: E731
        return {
            "state": str(run.state),
            "start_date": iso(run.start_date),
            "end_date": iso(run.end_date),
            "note": run.note,
        }

    def read_overrides(self) -> str | None:
        from airflow.models.variable import Variable

        from ecandidat_batches.overrides import VARIABLE_KEY

        return Variable.get(VARIABLE_KEY, default_var=None)


def _checkbox(value: bool | None) -> str:
    if value is None:
        return '<span title="pas de DAG dans ce déploiement">—</span>'
    return f'<input type="checkbox" disabled{" checked" if value else ""}>'


PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Batches</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); padding: .4rem .6rem;
          text-align: left; vertical-align: top; }}
.wrap {{ overflow-x: auto; }}
.warn {{ color: #b45309; }}
</style></head>
<body><h1>Administration - Batches</h1>
<div class="wrap"><table>
<thead><tr>{headers}</tr></thead>
<tbody>
{rows}
</tbody></table></div>
</body></html>"""


@app.get("/", response_class=HTMLResponse, dependencies=[Depends(requires_access_dag(method="GET"))])
def batches(session: SessionDep) -> str:
    """The screen's table, one row per batch of the registry, times in Europe/Paris."""
    from ecandidat_batches.admin.screen import COLUMNS, rows

    state = OrmState(session)
    lines = []
    for row in rows(state, state.read_overrides):
        problem = f'<br><span class="warn">⚠ {html.escape(row.probleme)}</span>' if row.probleme else ""
        lines.append(
            f'<tr data-code="{row.code}"><td>{row.code}</td><td>{html.escape(row.libelle)}</td>'
            f"<td>{_checkbox(row.en_service)}</td><td>{_checkbox(row.lancement_immediat)}</td>"
            f"<td>{html.escape(row.programmation)}{problem}</td><td>{html.escape(row.derniere_execution)}</td></tr>"
        )
    headers = "".join(f"<th>{html.escape(column)}</th>" for column in COLUMNS)
    return PAGE.format(headers=headers, rows="\n".join(lines))
