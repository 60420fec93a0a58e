"""The "Admin > Batches" page: eCandidat's Batches screen inside Airflow's web UI.

A FastAPI app mounted on the API server at ``/batches`` by ``ecandidat_batches_plugin.py`` and shown
in the UI's Admin menu (in an iframe). This module holds the routes only: the state comes from
:mod:`ecandidat_batches.state.orm`, the actions from :mod:`.actions`, the words from :mod:`.screen`,
the rights from :mod:`.rights`, the cross-site protection from :mod:`.csrf`, the table and its
warnings from :mod:`.pages` and :mod:`.doubles`. It runs inside the API server, where the ORM is the
sanctioned way to read and change Airflow's state; task code never does this (see ``tests/dags``).

Routes, as the screen's buttons:

* ``GET /`` the table; ``GET /historique?dag_id=`` a batch's runs, newest first, paged;
* ``GET|POST /editer?dag_id=`` the edit window: En service and the programmation;
* ``POST /lancer`` and ``POST /annuler`` (field ``dag_id``): "Lancer immédiatement" and "Annuler le
  lancement", both refused while the batch is running, as eCandidat does;
* ``PUT /api/programmations/{dag_id}``: the CLI's writes of a programmation;
* ``GET|POST /relance``: BATCH_RELANCE_TRANSMISSION's settings, ``GET|PUT /api/relance`` the CLI's
  (:mod:`.relance`);
* ``GET|POST /reprise`` and ``GET|POST /rendre``: the takeover from eCandidat's own scheduler, offered
  by the warning the table shows while eCandidat still runs a batch that Airflow runs too, and its
  reverse, each a preview then a confirmation; ``POST /api/reprise`` and ``POST /api/rendre`` the
  CLI's (:mod:`.reprise`).

Every route asks Airflow's auth manager (no login: 401; not allowed: 403): reading needs the DAG's GET
right, editing its PUT right, launching and cancelling the POST and DELETE rights on its runs. The
buttons only mirror those rights. Actions are protected from cross-site requests (``csrf``).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep, requires_access_dag
from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from ecandidat_batches.admin import csrf, forms, relance, reprise
from ecandidat_batches.admin.actions import Actions, RefusedError
from ecandidat_batches.admin.audit import audit
from ecandidat_batches.admin.pages import MESSAGES, KnownBatch, batch, render, screen
from ecandidat_batches.admin.rights import allowed, may_write_programmations
from ecandidat_batches.admin.screen import duree, ecandidat_state
from ecandidat_batches.clock import in_paris as paris
from ecandidat_batches.schedule.overrides import effective_programmation
from ecandidat_batches.schedule.programmation import DAYS, ProgrammationError, programmation_of
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.state.orm import OrmBatchState, history

app = FastAPI(title="Batches eCandidat", docs_url=None, redoc_url=None, openapi_url=None)
app.include_router(reprise.router)
app.include_router(relance.router)


@app.middleware("http")
async def _only_framed_by_airflow(request: Request, call_next: Any) -> Response:
    """The page may be framed by Airflow's own UI (same origin), by no other site (clickjacking)."""
    response: Response = await call_next(request)
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


#: Runs per page of "Historique" (eCandidat's window shows the last 100 in one list).
PAGE_SIZE = 20
#: The furthest page asked for (20 runs a page: two million runs); beyond, a 422, never a 500.
MAX_PAGE = 100_000


@app.get(
    "/",
    response_class=HTMLResponse,
    dependencies=[
        KnownBatch,
        Depends(requires_access_dag(method="GET")),
        Depends(requires_access_dag(method="GET", access_entity=DagAccessEntity.RUN)),
    ],
)
def batches(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    msg: str | None = None,
    dag_id: str | None = None,
) -> HTMLResponse:
    """The screen's table, one row per batch of the registry, times in Europe/Paris."""
    selected = dag_id if dag_id in BATCHES else None
    message = None
    if msg in MESSAGES and (selected or "{code}" not in MESSAGES[msg]):
        message = MESSAGES[msg].format(code=selected)
    return screen(session, user, selected=selected, message=message)


@app.get(
    "/historique",
    response_class=HTMLResponse,
    dependencies=[KnownBatch, Depends(requires_access_dag(method="GET", access_entity=DagAccessEntity.RUN))],
)
def historique(
    session: SessionDep,
    dag_id: Annotated[str, Query()],
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    """The batch's runs, newest first, with state, start, end, duration and summary lines."""
    code = batch(dag_id)
    total, runs = history(session, code, page, PAGE_SIZE)
    dm = Actions(session).dag_model(code)
    en_service = None if dm is None else not dm.is_paused
    prochaine = None
    if en_service and dm.next_dagrun_create_after is not None:
        prochaine = paris(dm.next_dagrun_create_after, "%d/%m/%Y à %H:%M")
    pages = max(1, math.ceil(total / PAGE_SIZE))
    lines = []
    for run, summary in runs:
        waiting = run.state == "queued" and run.start_date is None
        lines.append(
            {
                "run_id": run.run_id,
                "note": run.note,
                "triggering_user_name": run.triggering_user_name,
                "summary": summary,
                "etat": "EN ATTENTE" if waiting else ecandidat_state(run),
                "deb": paris(run.start_date),
                "fin": paris(run.end_date),
                "demande": paris(run.run_after),
                "duree": duree(run.start_date, run.end_date),
                "type": "manuel" if run.run_type == "manual" else "programmé",
            }
        )
    return render(
        "historique.html",
        code=code,
        libelle=BATCHES[code].libelle,
        runs=lines,
        total=total,
        page=page,
        pages=pages,
        en_service=en_service,
        prochaine=prochaine,
        query=lambda p: urlencode({"dag_id": code, "page": p}),
    )


def _edit_page(
    session: Any,
    user: Any,
    code: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    dm = Actions(session).dag_model(code)
    effective = effective_programmation(code, OrmBatchState(session).overrides)
    return render(
        "editer.html",
        status,
        code=code,
        batch=BATCHES[code],
        has_dag=dm is not None,
        effective=effective,
        v=values or forms.values(effective.programmation, dm is not None and not dm.is_paused),
        errors=errors or {},
        labels=forms.LABELS,
        days=DAYS,
        csrf_token=csrf.token_for(user),
        reglages=relance.PAGE if code == relance.CODE else None,
    )


EditRights = [KnownBatch, Depends(requires_access_dag(method="PUT")), Depends(may_write_programmations)]


@app.get("/editer", response_class=HTMLResponse, dependencies=EditRights)
def editer(session: SessionDep, user: GetUserDep, dag_id: Annotated[str, Query()]) -> HTMLResponse:
    """eCandidat's edit window: En service and the programmation of one batch."""
    return _edit_page(session, user, batch(dag_id))


class EditForm(BaseModel):
    """The edit window's fields, as posted (validated by ``forms.parse``, which names each field)."""

    csrf_token: str | None = None
    action: str | None = None
    en_service: list[str] = []
    mode: str | None = None
    jours: list[str] = []
    heure: str | None = None
    minute: str | None = None
    frequence: str | None = None
    jour_fixe: str | None = None
    mois_fixe: str | None = None
    annee_fixe: str | None = None


@app.post("/editer", dependencies=EditRights)
def enregistrer(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    dag_id: Annotated[str, Query()],
    form: Annotated[EditForm, Form()],
) -> Response:
    """Validate and store the edit window; invalid input comes back with a French message per field.

    A plain ``def``: FastAPI runs it in a thread, so waiting for a row lock never blocks the server.
    """
    code = batch(dag_id)
    csrf.check_action(request, user, form.csrf_token)
    fields = form.model_dump(exclude={"jours", "csrf_token", "en_service"}, exclude_none=True)
    try:
        en_service = forms.parse_en_service(form.en_service)
        prog = None if form.action == "defaut" else forms.parse(fields, form.jours).programmation
    except forms.FormError as exc:
        ticked = form.en_service[-1:] == ["oui"]
        values = {**fields, "jours": form.jours, "en_service": ticked}
        return _edit_page(session, user, code, values=values, errors=exc.errors, status=400)
    try:
        stored = Actions(session).save(code, prog, en_service)
    except RefusedError as exc:
        session.rollback()
        return _edit_page(session, user, code, errors={"programmation": exc.message}, status=exc.status)
    audit(session, user, "editer", code, en_service=en_service, programmation=stored.libelle())
    session.commit()
    return RedirectResponse(f"./?{urlencode({'msg': 'enregistre', 'dag_id': code})}", status_code=303)


class ProgrammationBody(BaseModel):
    """A programmation for the API route: eCandidat's words, its JSON form, or null for the default."""

    programmation: str | dict[str, Any] | None = None


@app.put("/api/programmations/{dag_id}", dependencies=EditRights)
def ecrire_programmation(
    request: Request, session: SessionDep, user: GetUserDep, dag_id: str, body: ProgrammationBody
) -> dict[str, Any]:
    """Store a batch's programmation for API clients (the CLI): the page's own locked write.

    Every writer goes through the same row lock, so that concurrent edits from the page and the CLI
    never lose one another. Bearer authentication (cookie requests need the page's form token).
    """
    code = batch(dag_id)
    csrf.check_action(request, user, None)
    try:
        prog = programmation_of(body.programmation)
        stored = Actions(session).save(code, prog, None)
    except ProgrammationError as exc:
        raise HTTPException(400, f"Refusé : {exc.for_batch(code) if exc.code is None else exc}") from None
    except RefusedError as exc:
        session.rollback()
        raise HTTPException(exc.status, f"Refusé : {exc.message}") from None
    audit(session, user, "editer", code, programmation=stored.libelle(), via="api")
    session.commit()
    default = stored == BATCHES[code].programmation
    return {"code": code, "programmation": stored.libelle(), "modifiee": not default}


@app.post("/lancer", response_class=HTMLResponse)
def lancer(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    dag_id: Annotated[str, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """ "Lancer immédiatement": queue a manual run, refused while the batch runs or already waits."""
    return _act(request, session, user, dag_id, csrf_token, "POST", "lance")


@app.post("/annuler", response_class=HTMLResponse)
def annuler(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    dag_id: Annotated[str, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """ "Annuler le lancement": delete the pending runs, refused while the batch runs."""
    return _act(request, session, user, dag_id, csrf_token, "DELETE", "annule")


def _act(
    request: Request,
    session: Any,
    user: Any,
    dag_id: str,
    token: str | None,
    method: Literal["POST", "DELETE"],
    done: str,
) -> Response:
    code = batch(dag_id)
    if not allowed(user, code, method, runs=True):
        raise HTTPException(403, f"Droits insuffisants pour agir sur les exécutions de {code}.")
    csrf.check_action(request, user, token)
    actions = Actions(session)
    try:
        if method == "POST":
            actions.launch(code, user.get_name())
        else:
            actions.cancel(code)
        audit(session, user, "lancer" if method == "POST" else "annuler", code)
    except RefusedError as exc:
        session.rollback()
        return screen(session, user, status=exc.status, erreur=exc.message, selected=code)
    session.commit()
    return RedirectResponse(f"./?{urlencode({'msg': done, 'dag_id': code})}", status_code=303)
