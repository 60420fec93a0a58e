"""The "Admin > Batches" page: eCandidat's Batches screen inside Airflow's web UI.

A FastAPI app mounted on the API server at ``/batches`` by ``ecandidat_batches_plugin.py`` and shown
in the UI's Admin menu (in an iframe). It runs inside the API server, where the ORM is the sanctioned
way to read and change Airflow's state; task code never does this (see ``tests/dags``).

Routes, as the screen's buttons:

* ``GET /`` the table; ``GET /historique?dag_id=`` a batch's runs, newest first, paged;
* ``GET|POST /editer?dag_id=`` the edit window: En service and the programmation;
* ``POST /lancer`` and ``POST /annuler`` (field ``dag_id``): "Lancer immédiatement" and "Annuler le
  lancement", both refused while the batch is running, as eCandidat does.

Every route asks Airflow's auth manager (no login: 401; not allowed: 403): reading needs the DAG's GET
right, editing its PUT right, launching and cancelling the POST and DELETE rights on its runs. The
buttons only mirror those rights. Actions are protected from cross-site requests (``csrf``).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep, requires_access_dag
from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from ecandidat_batches.admin import csrf, forms
from ecandidat_batches.admin.screen import COLUMNS, PARIS, duree, ecandidat_state, rows
from ecandidat_batches.overrides import effective_programmation, set_programmation
from ecandidat_batches.registry import BATCHES

app = FastAPI(title="Batches eCandidat", docs_url=None, redoc_url=None, openapi_url=None)
templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True),
)
#: Runs per page of "Historique" (eCandidat's window shows the last 100 in one list).
PAGE_SIZE = 20
#: Messages shown after an action (Post/Redirect/Get: only a key travels in the URL).
MESSAGES = {
    "enregistre": "Batch {code} enregistré. La programmation s'applique à la prochaine lecture du DAG.",
    "lance": "Lancement immédiat de {code} demandé.",
    "annule": "Lancement immédiat de {code} annulé.",
}


class RefusedError(Exception):
    """An action refused for a reason the admin must read (HTTP status, French message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# -- Airflow's state, through the ORM (API server side only) -------------------------------------------


class OrmState:
    """Airflow's state of the batches from the metadata database, and the screen's actions on it."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def paused_states(self, dag_ids: list[str]) -> dict[str, bool]:
        from airflow.models.dag import DagModel
        from sqlalchemy import select

        query = select(DagModel.dag_id, DagModel.is_paused).where(
            DagModel.dag_id.in_(dag_ids), ~DagModel.is_stale
        )
        return dict(self.session.execute(query).all())

    def iter_dag_runs(self, *, dag_ids: list[str], states: list[str]) -> list[dict[str, Any]]:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select

        columns = (DagRun.dag_id, DagRun.state, DagRun.run_type, DagRun.start_date, DagRun.clear_number)
        query = select(*columns).where(DagRun.dag_id.in_(dag_ids), DagRun.state.in_(states))
        return [
            {"dag_id": d, "state": str(st), "run_type": str(rt), "start_date": sd, "clear_number": cn}
            for d, st, rt, sd, cn in self.session.execute(query)
        ]

    def latest_started_run(self, dag_id: str) -> dict[str, Any] | None:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select

        # A slot skipped by verifier_creneau did nothing: eCandidat would have no history row for it.
        query = (
            select(DagRun)
            .where(DagRun.dag_id == dag_id, DagRun.start_date.is_not(None), ~_missed_slot(DagRun))
            .order_by(DagRun.start_date.desc())
            .limit(1)
        )
        run = self.session.scalars(query).first()
        return None if run is None else _run_dict(run)

    def read_overrides(self) -> str | None:
        from airflow.models.variable import Variable
        from sqlalchemy import select

        from ecandidat_batches.overrides import VARIABLE_KEY

        row = self.session.scalars(select(Variable).where(Variable.key == VARIABLE_KEY)).first()
        return None if row is None else row.val

    def dag_model(self, dag_id: str, *, lock: bool = False) -> Any:
        from airflow.models.dag import DagModel
        from sqlalchemy import select

        query = select(DagModel).where(DagModel.dag_id == dag_id, ~DagModel.is_stale)
        return self.session.scalars(query.with_for_update() if lock else query).first()

    def count_runs(self, dag_id: str, state: str) -> int:
        from airflow.models.dagrun import DagRun
        from sqlalchemy import func, select

        query = select(func.count()).where(DagRun.dag_id == dag_id, DagRun.state == state)
        return self.session.scalar(query)

    def history(self, dag_id: str, page: int) -> tuple[int, list[dict[str, Any]]]:
        """One page of the batch's runs, newest first, with each run's summary lines."""
        from airflow.models.dagrun import DagRun
        from airflow.models.xcom import XComModel
        from sqlalchemy import func, select

        total = self.session.scalar(select(func.count()).where(DagRun.dag_id == dag_id))
        query = (
            select(DagRun)
            .where(DagRun.dag_id == dag_id)
            .order_by(DagRun.run_after.desc(), DagRun.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        runs = list(self.session.scalars(query))
        summaries: dict[str, dict[str, Any]] = {}
        if runs:
            xcoms = self.session.scalars(
                select(XComModel).where(
                    XComModel.dag_id == dag_id,
                    XComModel.run_id.in_([r.run_id for r in runs]),
                    XComModel.key == "return_value",
                )
            )
            for xcom in xcoms:
                value = XComModel.deserialize_value(xcom)
                if isinstance(value, dict) and isinstance(value.get("lignes"), list):
                    summaries[xcom.run_id] = value
        missed: set[str] = set()
        if runs:
            query = select(DagRun.run_id).where(
                DagRun.dag_id == dag_id, DagRun.run_id.in_([r.run_id for r in runs]), _missed_slot(DagRun)
            )
            missed = set(self.session.scalars(query))
        return total, [
            {**_run_dict(r, summaries.get(r.run_id)), "creneau_manque": r.run_id in missed} for r in runs
        ]

    # -- actions --------------------------------------------------------------------------------------

    def save(self, dag_id: str, edition: forms.Edition | None, en_service: bool) -> None:
        """Store the programmation (None: back to the registry's) and the pause state, then ask a reparse."""
        from airflow.models.dagbag import DagPriorityParsingRequest
        from sqlalchemy import select

        dm = self.dag_model(dag_id, lock=True)
        prog = BATCHES[dag_id].programmation if edition is None else edition.programmation
        before = effective_programmation(dag_id, self.read_overrides).programmation
        set_programmation(dag_id, prog, OrmVariableStore(self.session))
        if dm is None:
            return
        # Unpausing never runs a missed slot: the batches have no start_date and check their slot.
        dm.is_paused = not en_service
        if prog != before:
            # The change applies at the next parse; ask the DAG processor for it now, as the UI's
            # "Reparse" button does (one request per file at a time: the table's key is the file).
            waiting = select(DagPriorityParsingRequest.id).where(
                DagPriorityParsingRequest.bundle_name == dm.bundle_name,
                DagPriorityParsingRequest.relative_fileloc == dm.relative_fileloc,
            )
            if self.session.scalar(waiting) is None:
                self.session.add(DagPriorityParsingRequest(dm.bundle_name, dm.relative_fileloc))

    def launch(self, dag_id: str, user_name: str) -> None:
        """Queue a manual run ("Lancer immédiatement"); a paused batch keeps it pending until unpaused."""
        from airflow.api_fastapi.core_api.datamodels.dag_run import TriggerDAGRunPostBody
        from airflow.models.dagbag import DBDagBag
        from airflow.utils.types import DagRunType

        dm = self._lock_idle(dag_id, "lancement refusé")
        if dm.has_import_errors:
            raise RefusedError(409, f"{dag_id} : le fichier du DAG est en erreur, lancement impossible.")
        if dm.allowed_run_types is not None and DagRunType.MANUAL not in dm.allowed_run_types:
            raise RefusedError(409, f"{dag_id} : ce DAG n'accepte pas de lancement manuel.")
        if self.session.scalars(self._pending(dag_id)).first() is not None:
            raise RefusedError(409, f"{dag_id} : un lancement immédiat est déjà en attente.")
        dag = DBDagBag().get_latest_version_of_dag(dag_id, session=self.session)
        if dag is None:
            raise RefusedError(404, f"{dag_id} : le DAG n'a pas encore été lu par le DAG processor.")
        try:
            params = TriggerDAGRunPostBody(logical_date=None).validate_context(dag)
            self._create_run(dag, params, user_name)
        except ValueError as exc:  # Airflow's ParamValidationError is a ValueError too
            raise RefusedError(400, f"{dag_id} : lancement refusé par Airflow ({exc}).") from None

    def _create_run(self, dag: Any, params: dict[str, Any], user_name: str) -> None:
        from airflow.utils.state import DagRunState
        from airflow.utils.types import DagRunTriggeredByType, DagRunType

        dag.create_dagrun(
            run_id=params["run_id"],
            logical_date=None,
            data_interval=None,
            run_after=params["run_after"],
            conf={},
            run_type=DagRunType.MANUAL,
            triggered_by=DagRunTriggeredByType.UI,
            triggering_user_name=user_name,
            state=DagRunState.QUEUED,
            partition_key=None,
            partition_date=params["partition_date"],
            session=self.session,
        )

    def cancel(self, dag_id: str) -> None:
        """Delete the pending runs that never started ("Annuler le lancement")."""
        self._lock_idle(dag_id, "annulation refusée")
        # The scheduler locks a run's row to start it: locking them here means a run it starts
        # meanwhile no longer matches (PostgreSQL re-checks the conditions) and is kept.
        pending = list(self.session.scalars(self._pending(dag_id).with_for_update()))
        if not pending:
            raise RefusedError(409, f"{dag_id} : aucun lancement immédiat en attente.")
        for run in pending:
            self.session.delete(run)

    @staticmethod
    def _pending(dag_id: str) -> Any:
        """The batch's waiting launches, as ``screen.is_pending_launch`` defines them."""
        from airflow.models.dagrun import DagRun
        from airflow.utils.state import DagRunState
        from airflow.utils.types import DagRunType
        from sqlalchemy import select

        return select(DagRun).where(
            DagRun.dag_id == dag_id,
            DagRun.state == DagRunState.QUEUED,
            DagRun.run_type == DagRunType.MANUAL,
            DagRun.start_date.is_(None),
            DagRun.clear_number == 0,
        )

    def _lock_idle(self, dag_id: str, refused: str) -> Any:
        """The DAG's row, locked so that two admins' actions on one batch happen one after the other."""
        from airflow.utils.state import DagRunState

        dm = self.dag_model(dag_id, lock=True)
        if dm is None:
            raise RefusedError(404, f"{dag_id} : pas de DAG pour ce batch dans ce déploiement.")
        if self.count_runs(dag_id, DagRunState.RUNNING):
            raise RefusedError(409, f"{dag_id} : le batch est en cours d'exécution, {refused}.")
        return dm


class OrmVariableStore:
    """The override store (``overrides.Store``) on the API server: the Variable row, locked while edited."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def _row(self) -> Any:
        """The Variable's row, locked; created empty first, so that two first edits queue on it."""
        from airflow.models.variable import Variable
        from sqlalchemy import select
        from sqlalchemy.exc import IntegrityError

        from ecandidat_batches.admin.store import DESCRIPTION
        from ecandidat_batches.overrides import VARIABLE_KEY

        query = select(Variable).where(Variable.key == VARIABLE_KEY).with_for_update()
        row = self.session.scalars(query).first()
        if row is None:
            try:
                with self.session.begin_nested():
                    self.session.add(Variable(key=VARIABLE_KEY, val="{}", description=DESCRIPTION))
            except IntegrityError:  # another admin's first edit created it meanwhile
                pass
            row = self.session.scalars(query).first()
        return row

    def read(self) -> str | None:
        return self._row().val

    def write(self, value: str) -> None:
        self._row().val = value


def _missed_slot(dag_run: Any) -> Any:
    """SQL condition: ``verifier_creneau`` skipped the run's work (a slot missed out of service).

    Nothing else skips a batch's task: a skipped task instance in the run means exactly that.
    """
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.state import TaskInstanceState
    from sqlalchemy import exists

    return exists().where(
        TaskInstance.dag_id == dag_run.dag_id,
        TaskInstance.run_id == dag_run.run_id,
        TaskInstance.state == TaskInstanceState.SKIPPED,
    )


def _run_dict(run: Any, summary: dict[str, Any] | None = None) -> dict[str, Any]:
    iso = lambda value: value.isoformat() if value else None  # noqa: E731
    return {
        "run_id": run.run_id,
        "state": str(run.state),
        "run_type": str(run.run_type),
        "start_date": iso(run.start_date),
        "end_date": iso(run.end_date),
        "run_after": iso(run.run_after),
        "note": run.note,
        "triggering_user_name": getattr(run, "triggering_user_name", None),
        "summary": summary,
    }


# -- rights and cross-site protection -----------------------------------------------------------------


def _allowed(
    user: Any, dag_id: str, method: str, runs: bool, teams: dict[str, str | None] | None = None
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


def _audit(session: Any, user: Any, event: str, dag_id: str, **extra: Any) -> None:
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


def _paris(value: str | None, fmt: str = "%d/%m/%Y %H:%M:%S") -> str:
    return dt.datetime.fromisoformat(value).astimezone(PARIS).strftime(fmt) if value else ""


def _screen(
    session: Any,
    user: Any,
    *,
    status: int = 200,
    erreur: str | None = None,
    selected: str | None = None,
    message: str | None = None,
) -> HTMLResponse:
    state = OrmState(session)
    table = rows(state, state.read_overrides)
    running = {r["dag_id"] for r in state.iter_dag_runs(dag_ids=sorted(BATCHES), states=["running"])}
    from airflow.models.dag import DagModel

    teams = DagModel.get_dag_id_to_team_name_mapping(sorted(BATCHES), session=session)
    rights = {
        row.code: {
            "editer": _allowed(user, row.code, "PUT", False, teams),
            "lancer": row.en_service is not None and _allowed(user, row.code, "POST", True, teams),
            "annuler": row.en_service is not None and _allowed(user, row.code, "DELETE", True, teams),
        }
        for row in table
    }
    return _render(
        "batches.html",
        status,
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


@app.get(
    "/",
    response_class=HTMLResponse,
    dependencies=[
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
    message = MESSAGES[msg].format(code=selected) if msg in MESSAGES and selected else None
    return _screen(session, user, selected=selected, message=message)


@app.get(
    "/historique",
    response_class=HTMLResponse,
    dependencies=[Depends(requires_access_dag(method="GET", access_entity=DagAccessEntity.RUN))],
)
def historique(
    session: SessionDep,
    dag_id: Annotated[str, Query()],
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    """The batch's runs, newest first, with state, start, end, duration and summary lines."""
    code = _batch(dag_id)
    state = OrmState(session)
    total, runs = state.history(code, page)
    dm = state.dag_model(code)
    en_service = None if dm is None else not dm.is_paused
    prochaine = None
    if en_service and dm.next_dagrun_create_after is not None:
        prochaine = _paris(dm.next_dagrun_create_after.isoformat(), "%d/%m/%Y à %H:%M")
    pages = max(1, math.ceil(total / PAGE_SIZE))
    lines = []
    for run in runs:
        pending = run["state"] == "queued" and not run["start_date"]
        lines.append(
            {
                **run,
                "etat": "EN ATTENTE"
                if pending
                else "IGNORÉ"
                if run["creneau_manque"]
                else ecandidat_state(run),
                "deb": _paris(run["start_date"]),
                "fin": _paris(run["end_date"]),
                "demande": _paris(run["run_after"]),
                "duree": duree(run["start_date"], run["end_date"]),
                "type": "manuel" if run["run_type"] == "manual" else "programmé",
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
    state = OrmState(session)
    dm = state.dag_model(code)
    effective = effective_programmation(code, state.read_overrides)
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
        days=forms.DAYS,
        csrf_token=csrf.make_token(_secret(), str(user.get_id())),
    )


@app.get("/editer", response_class=HTMLResponse, dependencies=[Depends(requires_access_dag(method="PUT"))])
def editer(session: SessionDep, user: GetUserDep, dag_id: Annotated[str, Query()]) -> HTMLResponse:
    """eCandidat's edit window: En service and the programmation of one batch."""
    return _edit_page(session, user, _batch(dag_id))


class EditForm(BaseModel):
    """The edit window's fields, as posted (validated by ``forms.parse``, which names each field)."""

    csrf_token: str | None = None
    action: str | None = None
    en_service: str | None = None
    mode: str | None = None
    jours: list[str] = []
    heure: str | None = None
    minute: str | None = None
    frequence: str | None = None
    jour_fixe: str | None = None
    mois_fixe: str | None = None
    annee_fixe: str | None = None


@app.post("/editer", dependencies=[Depends(requires_access_dag(method="PUT"))])
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
    fields = form.model_dump(exclude={"jours", "csrf_token"}, exclude_none=True)
    en_service = bool(form.en_service)
    if form.action == "defaut":
        edition = None
    else:
        try:
            edition = forms.parse(fields, form.jours)
        except forms.FormError as exc:
            return _edit_page(
                session,
                user,
                code,
                values={**fields, "jours": form.jours, "en_service": en_service},
                errors=exc.errors,
                status=400,
            )
    OrmState(session).save(code, edition, en_service)
    prog = BATCHES[code].programmation if edition is None else edition.programmation
    _audit(session, user, "editer", code, en_service=en_service, programmation=prog.libelle())
    session.commit()
    return RedirectResponse(f"./?{urlencode({'msg': 'enregistre', 'dag_id': code})}", status_code=303)


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
    request: Request, session: Any, user: Any, dag_id: str, token: str | None, method: str, done: str
) -> Response:
    code = _batch(dag_id)
    if not _allowed(user, code, method, runs=True):
        raise HTTPException(403, f"Droits insuffisants pour agir sur les exécutions de {code}.")
    _check_action(request, user, token)
    state = OrmState(session)
    try:
        if method == "POST":
            state.launch(code, user.get_name())
        else:
            state.cancel(code)
        _audit(session, user, "lancer" if method == "POST" else "annuler", code)
    except RefusedError as exc:
        session.rollback()
        return _screen(session, user, status=exc.status, erreur=exc.message, selected=code)
    session.commit()
    return RedirectResponse(f"./?{urlencode({'msg': done, 'dag_id': code})}", status_code=303)
