"""The "Admin > Batches" page: eCandidat's Batches screen inside Airflow's web UI.

A FastAPI app mounted on the API server at ``/batches`` by ``ecandidat_batches_plugin.py`` and shown
in the UI's Admin menu (in an iframe). This module holds the routes only: the state comes from
:mod:`ecandidat_batches.state.orm`, the actions from :mod:`.actions`, the words from :mod:`.screen`.
It runs inside the API server, where the ORM is the sanctioned way to read and change Airflow's
state; task code never does this (see ``tests/dags``).

Routes, as the screen's buttons:

* ``GET /`` the table; ``GET /historique?dag_id=`` a batch's runs, newest first, paged;
* ``GET|POST /editer?dag_id=`` the edit window: En service and the programmation;
* ``POST /lancer`` and ``POST /annuler`` (field ``dag_id``): "Lancer immédiatement" and "Annuler le
  lancement", both refused while the batch is running, as eCandidat does;
* ``POST /reprise``: the takeover from eCandidat's own scheduler (:mod:`.takeover`), offered by the
  warning the table shows while eCandidat still runs a batch that Airflow runs too.

Every route asks Airflow's auth manager (no login: 401; not allowed: 403): reading needs the DAG's GET
right, editing its PUT right, launching and cancelling the POST and DELETE rights on its runs. The
buttons only mirror those rights. Actions are protected from cross-site requests (``csrf``).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep, requires_access_dag
from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from ecandidat_batches.admin import csrf, forms
from ecandidat_batches.admin.actions import Actions, RefusedError
from ecandidat_batches.admin.screen import COLUMNS, duree, ecandidat_state, rows
from ecandidat_batches.clock import in_paris as paris
from ecandidat_batches.schedule.overrides import VARIABLE_KEY, effective_programmation
from ecandidat_batches.schedule.programmation import DAYS, ProgrammationError, programmation_of
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.state.orm import OrmBatchState, history

app = FastAPI(title="Batches eCandidat", docs_url=None, redoc_url=None, openapi_url=None)


@app.middleware("http")
async def _only_framed_by_airflow(request: Request, call_next: Any) -> Response:
    """The page may be framed by Airflow's own UI (same origin), by no other site (clickjacking)."""
    response: Response = await call_next(request)
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _known_batch(request: Request) -> None:
    """404 for a ``dag_id`` that is no batch, before anything looks it up (odd characters, NUL...)."""
    dag_id = request.path_params.get("dag_id") or request.query_params.get("dag_id")
    if dag_id is not None and dag_id not in BATCHES:
        raise HTTPException(404, f"Batch inconnu : {dag_id[:60]}")


KnownBatch = Depends(_known_batch)
templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True),
)
#: Runs per page of "Historique" (eCandidat's window shows the last 100 in one list).
PAGE_SIZE = 20
#: The furthest page asked for (20 runs a page: two million runs); beyond, a 422, never a 500.
MAX_PAGE = 100_000
#: Messages shown after an action (Post/Redirect/Get: only a key travels in the URL).
MESSAGES = {
    "enregistre": "Batch {code} enregistré. La programmation s'applique à la prochaine lecture du DAG.",
    "lance": "Lancement immédiat de {code} demandé.",
    "annule": "Lancement immédiat de {code} annulé.",
    "reprise": "Reprise faite : eCandidat ne lance plus les batches lancés ici.",
}


# -- rights and cross-site protection -----------------------------------------------------------------


def _allowed(
    user: Any,
    dag_id: str,
    method: Literal["GET", "POST", "PUT", "DELETE"],
    runs: bool,
    teams: dict[str, str | None] | None = None,
) -> bool:
    """Ask the auth manager, as ``requires_access_dag`` does; ``teams`` saves a query per DAG."""
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import DagDetails
    from airflow.models.dag import DagModel

    team = teams.get(dag_id) if teams is not None else DagModel.get_team_name(dag_id)
    return get_auth_manager().is_authorized_dag(
        method=method,
        access_entity=DagAccessEntity.RUN if runs else None,
        details=DagDetails(id=dag_id, team_name=team),
        user=user,
    )


def _may_edit_variable(user: Any, key: str = VARIABLE_KEY) -> bool:
    """Éditer writes the override Variable (the takeover its record too): Airflow's right to edit that
    Variable is needed as well."""
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import VariableDetails

    return get_auth_manager().is_authorized_variable(
        method="PUT", details=VariableDetails(key=key), user=user
    )


def _may_write_programmations(user: GetUserDep) -> None:
    if not _may_edit_variable(user):
        raise HTTPException(
            403,
            "Droits insuffisants : modifier une programmation demande le droit de modifier les variables.",
        )


def _secret() -> str:
    from airflow.configuration import conf

    return conf.get("api", "secret_key")


def _bearer(request: Request) -> bool:
    """Whether Airflow authenticates this request by a Bearer credential rather than the cookie."""
    from fastapi.security.utils import get_authorization_scheme_param

    scheme, credentials = get_authorization_scheme_param(request.headers.get("authorization"))
    return scheme.lower() == "bearer" and bool(credentials)  # as fastapi's HTTPBearer decides


def _check_action(request: Request, user: Any, token: str | None) -> None:
    from airflow.configuration import conf

    try:
        csrf.check_origin(request.headers, conf.get("api", "base_url", fallback=None))
        if not _bearer(request):
            csrf.check_token(_secret(), str(user.get_id()), token)
    except csrf.CsrfError as exc:
        raise HTTPException(403, f"Action refusée : {exc}.") from None


def _audit(session: Any, user: Any, event: str, dag_id: str | None, **extra: Any) -> None:
    """A line in Airflow's audit log (Browse > Audit Log), as Airflow's own routes write."""
    import json

    from airflow.models.log import Log

    session.add(
        Log(
            event=f"ecandidat_batches.{event}",
            owner=user.get_name(),
            owner_display_name=user.get_name(),
            dag_id=dag_id,
            extra=json.dumps(extra, ensure_ascii=False),
        )
    )


def _batch(dag_id: str) -> str:
    if dag_id not in BATCHES:
        raise HTTPException(404, f"Batch inconnu : {dag_id[:60]}")
    return dag_id


# -- pages --------------------------------------------------------------------------------------------


def _render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status)


def _screen(
    session: Any,
    user: Any,
    *,
    status: int = 200,
    erreur: str | None = None,
    selected: str | None = None,
    message: str | None = None,
) -> HTMLResponse:
    from airflow.models.dag import DagModel

    state = OrmBatchState(session)
    table = rows(state)
    running = state.running(sorted(BATCHES))

    teams = DagModel.get_dag_id_to_team_name_mapping(sorted(BATCHES), session=session)
    may_edit_variable = _may_edit_variable(user)
    rights = {
        row.code: {
            "editer": may_edit_variable and _allowed(user, row.code, "PUT", False, teams),
            "lancer": row.en_service is not None
            and not row.erreur_dag
            and _allowed(user, row.code, "POST", True, teams),
            "annuler": row.en_service is not None and _allowed(user, row.code, "DELETE", True, teams),
        }
        for row in table
    }
    doublons, reprise = _doubles()
    return _render(
        "batches.html",
        status,
        doublons=doublons,
        reprise=reprise,
        may_take_over=bool(doublons) and may_edit_variable and all(r["editer"] for r in rights.values()),
        columns=COLUMNS,
        rows=table,
        running=running,
        rights=rights,
        can_act={k: any(r[k] for r in rights.values()) for k in ("editer", "lancer", "annuler")},
        selected=selected,
        message=message,
        erreur=erreur,
        csrf_token=csrf.make_token(_secret(), str(user.get_id())),
    )


#: How long the page waits for eCandidat's database before showing the table without the check.
DOUBLES_TIMEOUT_S = 5.0
_doubles_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ecandidat-doubles")


def _read_doubles() -> tuple[list[str], str | None]:
    import logging

    from ecandidat_batches.admin import takeover
    from ecandidat_batches.db.connection import connect

    try:
        conn = connect()
        try:
            return takeover.still_in_service(takeover.read(conn)), None
        finally:
            conn.close()
    except Exception as exc:
        logging.getLogger(__name__).warning("eCandidat's batch table unread: %s", exc)
        return [], f"la table batch d'eCandidat n'a pas pu être lue ({str(exc)[:200]})"


def _doubles() -> tuple[list[str], str | None]:
    """eCandidat's batches in service there that Airflow runs too (the warning), or why that could not
    be read: the page still shows, with the reason. Never waited for beyond ``DOUBLES_TIMEOUT_S``: a
    database that does not answer must not hang the page (the read goes on in its thread)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    try:
        return _doubles_pool.submit(_read_doubles).result(timeout=DOUBLES_TIMEOUT_S)
    except FutureTimeout:
        return [], f"la base d'eCandidat ne répond pas en {DOUBLES_TIMEOUT_S:g} s"


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
    return _screen(session, user, selected=selected, message=message)


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
    code = _batch(dag_id)
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
    return _render(
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
    return _render(
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
        csrf_token=csrf.make_token(_secret(), str(user.get_id())),
    )


EditRights = [KnownBatch, Depends(requires_access_dag(method="PUT")), Depends(_may_write_programmations)]


@app.get("/editer", response_class=HTMLResponse, dependencies=EditRights)
def editer(session: SessionDep, user: GetUserDep, dag_id: Annotated[str, Query()]) -> HTMLResponse:
    """eCandidat's edit window: En service and the programmation of one batch."""
    return _edit_page(session, user, _batch(dag_id))


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
    code = _batch(dag_id)
    _check_action(request, user, form.csrf_token)
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
    _audit(session, user, "editer", code, en_service=en_service, programmation=stored.libelle())
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
    code = _batch(dag_id)
    _check_action(request, user, None)
    try:
        prog = programmation_of(body.programmation)
        stored = Actions(session).save(code, prog, None)
    except ProgrammationError as exc:
        raise HTTPException(400, f"Refusé : {exc.for_batch(code) if exc.code is None else exc}") from None
    except RefusedError as exc:
        session.rollback()
        raise HTTPException(exc.status, f"Refusé : {exc.message}") from None
    _audit(session, user, "editer", code, programmation=stored.libelle(), via="api")
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
    code = _batch(dag_id)
    if not _allowed(user, code, method, runs=True):
        raise HTTPException(403, f"Droits insuffisants pour agir sur les exécutions de {code}.")
    _check_action(request, user, token)
    actions = Actions(session)
    try:
        if method == "POST":
            actions.launch(code, user.get_name())
        else:
            actions.cancel(code)
        _audit(session, user, "lancer" if method == "POST" else "annuler", code)
    except RefusedError as exc:
        session.rollback()
        return _screen(session, user, status=exc.status, erreur=exc.message, selected=code)
    session.commit()
    return RedirectResponse(f"./?{urlencode({'msg': done, 'dag_id': code})}", status_code=303)


@app.post("/reprise", response_class=HTMLResponse)
def reprise(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """Take over from eCandidat's scheduler (as the CLI's ``takeover``): import its programmations and
    states once, then put its batches out of service there. Needs the right to edit Variables and every
    batch it changes."""
    import datetime as dt
    import json

    from airflow.models.variable import Variable
    from sqlalchemy import select

    from ecandidat_batches.admin import takeover
    from ecandidat_batches.db.connection import DatabaseError, connect

    _check_action(request, user, csrf_token)
    if not (_may_edit_variable(user) and _may_edit_variable(user, takeover.VARIABLE)):
        raise HTTPException(403, "Droits insuffisants : la reprise modifie les batches et les variables.")
    try:
        conn = connect()
    except DatabaseError as exc:
        return _screen(session, user, status=503, erreur=f"Reprise impossible : {exc}")
    try:
        found = takeover.read(conn)
        touched = {row.code for row in found if takeover.ours(row.code)}
        if not all(_allowed(user, code, "PUT", False) for code in touched):
            raise HTTPException(403, "Droits insuffisants : la reprise modifie les batches et les variables.")
        row = session.scalars(
            select(Variable).where(Variable.key == takeover.VARIABLE).with_for_update()
        ).first()
        imported = takeover.parse_record(row.val if row is not None else None)
        plan = takeover.plan(found, imported)
        try:
            takeover.check_dags(plan, takeover.current_of(rows(OrmBatchState(session))))
        except takeover.TakeoverRefusedError as exc:
            session.rollback()
            return _screen(session, user, status=409, erreur=str(exc))

        def record(done: dict[str, str]) -> None:
            value = json.dumps(done, sort_keys=True)
            if row is None:
                session.add(Variable(key=takeover.VARIABLE, val=value, description=takeover.DESCRIPTION))  # type: ignore[no-untyped-call]
            else:
                row.val = value

        def commit() -> None:
            _audit(session, user, "reprise", None, lignes=takeover.lines(plan, {}))
            session.commit()

        try:
            takeover.apply(
                conn,
                plan,
                imported=imported,
                set_batch=lambda code, prog, on: Actions(session).save(code, prog, on),
                record=record,
                now=dt.datetime.now(dt.UTC),
                commit=commit,
            )
        except RefusedError as exc:
            session.rollback()
            return _screen(session, user, status=exc.status, erreur=exc.message)
    finally:
        conn.close()
    return RedirectResponse("./?msg=reprise", status_code=303)
