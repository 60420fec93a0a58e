"""What the page's routes share: the templates, the table screen, the batch code checks, the messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ecandidat_batches.admin import csrf, doubles, record, takeover
from ecandidat_batches.admin.rights import allowed, may_edit_variable, may_take_over
from ecandidat_batches.admin.screen import COLUMNS, rows
from ecandidat_batches.opi.pieces import PJ_BATCH
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.state.orm import OrmBatchState

templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True),
)
#: Messages shown after an action (Post/Redirect/Get: only a key travels in the URL).
MESSAGES = {
    "enregistre": "Batch {code} enregistré. La programmation s'applique à la prochaine lecture du DAG.",
    "lance": "Lancement immédiat de {code} demandé.",
    "annule": "Lancement immédiat de {code} annulé.",
    "relance": "Réglages de {code} enregistrés : ils s'appliquent à sa prochaine exécution.",
    "reprise": "Reprise faite : eCandidat ne lance plus les batches lancés ici.",
    "rendu": "Rendu à eCandidat : ces batches sont hors service ici, et eCandidat les lance de nouveau "
    "avec la programmation et l'état qu'ils avaient avant la reprise.",
}


def _known_batch(request: Request) -> None:
    """404 for a ``dag_id`` that is no batch, before anything looks it up (odd characters, NUL...)."""
    dag_id = request.path_params.get("dag_id") or request.query_params.get("dag_id")
    if dag_id is not None and dag_id not in BATCHES:
        raise HTTPException(404, f"Batch inconnu : {dag_id[:60]}")


KnownBatch = Depends(_known_batch)


def batch(dag_id: str) -> str:
    """The batch code, or a 404 naming what was asked."""
    if dag_id not in BATCHES:
        raise HTTPException(404, f"Batch inconnu : {dag_id[:60]}")
    return dag_id


def recorded(session: Any) -> dict[str, record.Entry]:
    """The takeover's record ((:mod:`.record`), read without a lock (the table, the previews).

    :raises record.TakeoverRefusedError: the Variable is unreadable (edited by hand).
    """
    from airflow.models.variable import Variable
    from sqlalchemy import select

    row = session.scalars(select(Variable).where(Variable.key == record.VARIABLE)).first()
    return record.parse_record(row.val if row is not None else None)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status)


def screen(
    session: Any,
    user: Any,
    *,
    status: int = 200,
    erreur: str | None = None,
    selected: str | None = None,
    message: str | None = None,
) -> HTMLResponse:
    """The table, one row per batch, the buttons the user's rights allow, and the warnings."""
    from airflow.models.dag import DagModel

    state = OrmBatchState(session)
    table = rows(state)
    running = state.running(sorted(BATCHES))

    teams = DagModel.get_dag_id_to_team_name_mapping(sorted(BATCHES), session=session)
    may_edit = may_edit_variable(user)
    rights = {
        row.code: {
            "editer": may_edit and allowed(user, row.code, "PUT", False, teams),
            "lancer": row.en_service is not None
            and not row.erreur_dag
            and allowed(user, row.code, "POST", True, teams),
            "annuler": row.en_service is not None and allowed(user, row.code, "DELETE", True, teams),
        }
        for row in table
    }
    view = doubles.ecandidat_view(next((r.en_service for r in table if r.code == PJ_BATCH), None))
    try:
        entries, unread = recorded(session), None
    except record.TakeoverRefusedError as exc:
        entries, unread = {}, str(exc)
    here = {row.code: row.en_service for row in table}
    doublons = takeover.still_in_service(view.rows, entries, here)
    return render(
        "batches.html",
        status,
        doublons=doublons,
        reprise=view.error,
        version=view.newer.message() if view.newer is not None else None,
        pieces=view.unsent_pieces,
        repris=sorted(code for code, entry in entries.items() if entry.active),
        may_take_over=may_take_over(user, record.VARIABLE) and all(r["editer"] for r in rights.values()),
        columns=COLUMNS,
        rows=table,
        running=running,
        rights=rights,
        can_act={k: any(r[k] for r in rights.values()) for k in ("editer", "lancer", "annuler")},
        selected=selected,
        message=message,
        erreur=erreur or unread,
        csrf_token=csrf.token_for(user),
    )
