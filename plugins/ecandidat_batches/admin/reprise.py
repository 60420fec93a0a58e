"""The takeover from eCandidat and its reverse on the page: "Reprendre d'eCandidat", "Rendre à eCandidat".

Each shows first what it would change, batch by batch (``GET /reprise``, ``GET /rendre``: the
preview, a dry run), then applies what the admin ticked (``POST``), as the CLI's ``takeover`` and
``rendre`` do (:mod:`.takeover`, :mod:`.handback`). A confirmation carries the fingerprint of each
line the admin saw: a batch whose change is no longer the one previewed (another admin confirmed
first, eCandidat was edited) is refused, nothing applied, and the preview shown again.

Both start by locking the takeover's record (the Airflow Variable ``ecandidat_batches_takeover``),
created first when absent: admins confirming at once queue on it, one after the other. They need
Airflow's right to edit both Variables and every batch they change; they are in Airflow's audit log
(``ecandidat_batches.reprise``, ``ecandidat_batches.rendre``) with each batch's state before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from ecandidat_batches.admin import batch_table, csrf, handback, record, takeover
from ecandidat_batches.admin.actions import Actions, RefusedError, locked_variable
from ecandidat_batches.admin.audit import audit
from ecandidat_batches.admin.pages import recorded, render, screen
from ecandidat_batches.admin.rights import TAKEOVER_REFUSED, may_take_over, require_takeover_rights
from ecandidat_batches.admin.screen import rows
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.state.orm import OrmBatchState


def _takeover_rights(user: GetUserDep) -> None:
    """Every route here: 403 unless the user may edit both Variables (each batch is checked on apply)."""
    if not may_take_over(user, record.VARIABLE):
        raise HTTPException(403, TAKEOVER_REFUSED)


router = APIRouter(dependencies=[Depends(_takeover_rights)])
#: The batches an admin confirmed: ``{code: fingerprint of the line seen}`` (None: no preview seen).
Chosen = Mapping[str, str | None]

#: The two pages' words.
PAGES = {
    "reprise": {
        "titre": "Reprendre d'eCandidat",
        "intro": "Voici ce que la reprise changerait, batch par batch. Cochez ce qu'elle doit faire, "
        "puis confirmez : eCandidat ne lancera plus ces batches, Airflow les lancera.",
        "bouton": "Confirmer la reprise",
    },
    "rendre": {
        "titre": "Rendre à eCandidat",
        "intro": "Voici ce que rendre ces batches à eCandidat changerait : hors service ici, et dans "
        "eCandidat la programmation et l'état qu'ils avaient avant la reprise. Cochez les batches "
        "à rendre, puis confirmez.",
        "bouton": "Confirmer : rendre à eCandidat",
    },
}


# -- what the routes do, in the caller's session (tests call these on both database engines) -----------


def _here(session: Any) -> dict[str, tuple[str, bool | None]]:
    return takeover.current_of(rows(OrmBatchState(session)))


def preview(
    session: Any, conn: Connection, kind: str, codes: Iterable[str] | None = None
) -> takeover.Plan | handback.Plan:
    """The takeover's (``reprise``) or the return's (``rendre``, of ``codes``: default every batch
    taken over) proposals; nothing is changed."""
    found, entries, here = batch_table.read(conn), recorded(session), _here(session)
    if kind == "reprise":
        return takeover.plan(found, entries, here)
    return handback.plan(found, entries, here, codes=codes)


def _choose(p: takeover.Plan | handback.Plan, chosen: Chosen) -> None:
    """Refuse, as the confirmation would, a choice the plan does not offer."""
    if isinstance(p, takeover.Plan):
        takeover.choose(p, chosen)
    else:
        handback.choose(p, chosen)


def take_over(
    session: Any, conn: Connection, user: Any, chosen: Chosen, now: dt.datetime | None = None
) -> list[takeover.Change]:
    """Apply the chosen takeover changes; Airflow's side is committed here.

    :raises record.TakeoverRefusedError: nothing applied (the caller rolls back).
    :raises RefusedError: a batch's DAG file is in error (the caller rolls back).
    :raises batch_table.EcandidatNotChangedError: Airflow's side done, eCandidat's table not changed.
    """
    row = locked_variable(session, record.VARIABLE, record.DESCRIPTION)
    entries = record.parse_record(row.val)
    changes = takeover.choose(takeover.plan(batch_table.read(conn), entries, _here(session)), chosen)
    takeover.check_dags(changes)
    actions = Actions(session)
    for code in sorted(c.code for c in changes if c.imported is not None):
        # Every DAG row first, in one order: an admin's edit of one of them (its DAG row, then the
        # programmations' Variable) waits for the takeover, or the takeover for it; never both.
        actions.dag_model(code, lock=True)

    def commit() -> None:
        lignes = [c.line for c in changes]
        audit(session, user, "reprise", None, lignes=lignes, avant=takeover.before(changes))
        session.commit()

    takeover.apply(
        conn,
        changes,
        record=entries,
        set_batch=actions.save,
        write_record=lambda value: setattr(row, "val", value),
        now=now or dt.datetime.now(dt.UTC),
        commit=commit,
    )
    return changes


def give_back(
    session: Any, conn: Connection, user: Any, chosen: Chosen, now: dt.datetime | None = None
) -> list[handback.Restore]:
    """Apply the chosen returns to eCandidat; raises as :func:`take_over`."""
    row = locked_variable(session, record.VARIABLE, record.DESCRIPTION)
    entries = record.parse_record(row.val)
    p = handback.plan(batch_table.read(conn), entries, _here(session), codes=chosen)
    changes = handback.choose(p, chosen)

    def commit() -> None:
        avant = {c.code: c.before for c in changes}
        audit(session, user, "rendre", None, lignes=[c.line for c in changes], avant=avant)
        session.commit()

    handback.apply(
        conn,
        changes,
        record=entries,
        pause=lambda code: Actions(session).pause(code),
        write_record=lambda value: setattr(row, "val", value),
        now=now or dt.datetime.now(dt.UTC),
        commit=commit,
    )
    return changes


# -- the routes -------------------------------------------------------------------------------------------


def _page(
    session: Any, user: Any, kind: str, *, status: int = 200, erreur: str | None = None, coches: Any = ()
) -> HTMLResponse:
    """The preview page, or the table with the reason when eCandidat's database cannot be read."""
    from ecandidat_batches.db.connection import DatabaseError, connect

    try:
        conn = connect()
    except DatabaseError as exc:
        return screen(session, user, status=503, erreur=f"{PAGES[kind]['titre']} impossible : {exc}")
    try:
        p = preview(session, conn, kind)
    except record.TakeoverRefusedError as exc:
        return screen(session, user, status=409, erreur=str(exc))
    finally:
        conn.close()
    if kind == "reprise":
        coches = [c.code for c in p.changes]  # proposed: all ticked
    notes = [line for line in p.lines() if line not in {c.line for c in p.changes}]
    return render(
        "apercu.html",
        status,
        action=kind,
        changes=p.changes,
        notes=notes,
        coches=set(coches),
        erreur=erreur,
        csrf_token=csrf.token_for(user),
        **PAGES[kind],
    )


def _chosen(choix: list[str]) -> dict[str, str | None]:
    """The ticked lines: ``CODE:fingerprint`` each."""
    out: dict[str, str | None] = {}
    for value in choix:
        code, _, seen = value.partition(":")
        out[code[:60]] = seen[:40]
    return out


def _apply(
    request: Request, session: Any, user: Any, kind: str, token: str | None, choix: list[str]
) -> Response:
    from ecandidat_batches.db.connection import DatabaseError, connect

    csrf.check_action(request, user, token)
    chosen = _chosen(choix)
    require_takeover_rights(user, record.VARIABLE, set(chosen))
    try:
        conn = connect()
    except DatabaseError as exc:
        return screen(session, user, status=503, erreur=f"{PAGES[kind]['titre']} impossible : {exc}")
    try:
        if kind == "reprise":
            take_over(session, conn, user, chosen)
        else:
            give_back(session, conn, user, chosen)
    except record.TakeoverRefusedError as exc:
        session.rollback()
        return _page(session, user, kind, status=409, erreur=str(exc), coches=chosen)
    except RefusedError as exc:
        session.rollback()
        return _page(session, user, kind, status=exc.status, erreur=exc.message, coches=chosen)
    except batch_table.EcandidatNotChangedError as exc:
        return screen(session, user, status=502, erreur=str(exc))
    finally:
        conn.close()
    return RedirectResponse(f"./?msg={'reprise' if kind == 'reprise' else 'rendu'}", status_code=303)


@router.get("/reprise", response_class=HTMLResponse)
def apercu_reprise(session: SessionDep, user: GetUserDep) -> HTMLResponse:
    """ "Reprendre d'eCandidat": what the takeover would change, batch by batch (changes nothing)."""
    return _page(session, user, "reprise")


@router.post("/reprise", response_class=HTMLResponse)
def reprise(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    csrf_token: Annotated[str | None, Form()] = None,
    choix: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Apply the takeover changes the admin ticked in the preview."""
    return _apply(request, session, user, "reprise", csrf_token, choix or [])


@router.get("/rendre", response_class=HTMLResponse)
def apercu_rendre(session: SessionDep, user: GetUserDep, dag_id: str | None = None) -> HTMLResponse:
    """ "Rendre à eCandidat": what giving the batches back would change (changes nothing)."""
    return _page(session, user, "rendre", coches=[dag_id] if dag_id else [])


@router.post("/rendre", response_class=HTMLResponse)
def rendre(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    csrf_token: Annotated[str | None, Form()] = None,
    choix: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Give back to eCandidat the batches the admin ticked in the preview."""
    return _apply(request, session, user, "rendre", csrf_token, choix or [])


# -- the CLI's routes (Bearer authentication): the same, in JSON ------------------------------------------


class Demande(BaseModel):
    """The CLI's request: the batches (None: every proposed one, for the takeover) and the dry run."""

    codes: list[str] | None = None
    simulation: bool = False


def _api(request: Request, session: Any, user: Any, kind: str, body: Demande) -> dict[str, Any]:
    from ecandidat_batches.db.connection import DatabaseError, connect

    csrf.check_action(request, user, None)
    if kind == "rendre" and not body.codes:
        raise HTTPException(400, "Refusé : nommez les batches à rendre à eCandidat.")
    try:
        conn = connect()
    except DatabaseError as exc:
        raise HTTPException(503, f"Refusé : {exc}") from None
    try:
        p = preview(session, conn, kind, body.codes)
        codes = body.codes if body.codes is not None else [c.code for c in p.changes]
        chosen = dict.fromkeys(code[:60] for code in codes)
        if body.simulation:
            if body.codes is not None:
                _choose(p, chosen)
            return {"lignes": p.lines(), "simulation": True, "fait": False}
        if not chosen:
            return {"lignes": p.lines(), "simulation": False, "fait": False}
        require_takeover_rights(user, record.VARIABLE, set(chosen))
        done = (take_over if kind == "reprise" else give_back)(session, conn, user, chosen)
        return {"lignes": [c.line for c in done], "simulation": False, "fait": True}
    except record.TakeoverRefusedError as exc:
        session.rollback()
        raise HTTPException(409, f"Refusé : {exc}") from None
    except RefusedError as exc:
        session.rollback()
        raise HTTPException(exc.status, f"Refusé : {exc.message}") from None
    except batch_table.EcandidatNotChangedError as exc:
        raise HTTPException(409, str(exc)) from None
    finally:
        conn.close()


@router.post("/api/reprise")
def api_reprise(request: Request, session: SessionDep, user: GetUserDep, body: Demande) -> dict[str, Any]:
    """The CLI's ``takeover``: the preview (``simulation``), or the takeover of ``codes`` (default all)."""
    return _api(request, session, user, "reprise", body)


@router.post("/api/rendre")
def api_rendre(request: Request, session: SessionDep, user: GetUserDep, body: Demande) -> dict[str, Any]:
    """The CLI's ``rendre``: the preview (``simulation``), or the return of ``codes`` to eCandidat."""
    return _api(request, session, user, "rendre", body)
