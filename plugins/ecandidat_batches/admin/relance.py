"""BATCH_RELANCE_TRANSMISSION's settings on the page: "Réglages de la relance", and the CLI's route.

* ``GET /relance``: the form (the delays, the formations, the mail's subject and body, eCandidat's
  variables), reached from the batch's "Éditer" window;
* ``POST /relance``: validated (:class:`~ecandidat_batches.relance.reglages.Reglages`): a bad value
  comes back with a French message per field and nothing is saved; else stored, audited
  (``ecandidat_batches.relance``), effective at the batch's next run;
* ``GET /api/relance`` and ``PUT /api/relance``: the CLI's reading and writing (``cli relance``), the
  fields it does not give left as they are.

Every writer goes through here, under the row lock of the Airflow Variable
(:data:`~ecandidat_batches.relance.reglages.VARIABLE_KEY`): two edits never lose one another. Writing
needs the batch's DAG PUT right and Airflow's right to edit that Variable; reading its DAG GET right.
"""

from __future__ import annotations

from typing import Annotated, Any

from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from ecandidat_batches.admin import csrf
from ecandidat_batches.admin.actions import locked_variable
from ecandidat_batches.admin.audit import audit
from ecandidat_batches.admin.pages import render
from ecandidat_batches.admin.rights import allowed, may_edit_variable
from ecandidat_batches.relance import reglages
from ecandidat_batches.relance.reglages import VARIABLE_KEY, Reglages, ReglagesError

CODE = "BATCH_RELANCE_TRANSMISSION"
#: The page, relative to the Batches page (the "Éditer" window links to it).
PAGE = "relance"
REFUSED = (
    "Droits insuffisants : modifier les réglages de la relance demande le droit de modifier "
    f"{CODE} et les variables."
)


def _may_edit(user: GetUserDep) -> None:
    if not (allowed(user, CODE, "PUT", False) and may_edit_variable(user, VARIABLE_KEY)):
        raise HTTPException(403, REFUSED)


def _may_read(user: GetUserDep) -> None:
    if not allowed(user, CODE, "GET", False):
        raise HTTPException(403, f"Droits insuffisants pour lire {CODE}.")


router = APIRouter()


def stored(session: Any) -> str | None:
    """The stored value, read without a lock."""
    from airflow.models.variable import Variable
    from sqlalchemy import select

    row = session.scalars(select(Variable).where(Variable.key == VARIABLE_KEY)).first()
    return None if row is None else row.val


def save(session: Any, user: Any, reg: Reglages, via: str | None = None) -> None:
    """Store the settings under the Variable's row lock, and the audit line (the route commits)."""
    row = locked_variable(session, VARIABLE_KEY, reglages.DESCRIPTION)
    row.val = _json(reg)
    extra = {"delais": list(reg.delais), "formations": list(reg.formations)}
    audit(session, user, "relance", CODE, **extra, modele_par_defaut=reg.modele_par_defaut,
          **({"via": via} if via else {}))  # fmt: skip


def _json(reg: Reglages) -> str:
    import json

    return json.dumps(reg.to_dict(), ensure_ascii=False)


def _values(reg: Reglages) -> dict[str, str]:
    """The form's fields for these settings (the default texts shown as they are)."""
    template = reg.template()
    return {
        "delais": ", ".join(map(str, reg.delais)),
        "formations": ", ".join(reg.formations),
        "sujet": template.subject,
        "corps": template.body,
    }


def _page(
    session: Any,
    user: Any,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    current: Reglages | None = None
    unreadable = None
    try:
        current = reglages.parse_stored(stored(session))
    except ReglagesError as exc:
        unreadable = str(exc)
    shown = values or _values(current or Reglages())
    return render(
        "relance.html",
        status,
        code=CODE,
        v=shown,
        errors=errors or {},
        labels=reglages.LABELS,
        illisible=unreadable,
        par_defaut=current is not None and current.modele_par_defaut,
        variables=reglages.variables(),
        csrf_token=csrf.token_for(user),
    )


@router.get(f"/{PAGE}", response_class=HTMLResponse, dependencies=[Depends(_may_edit)])
def relance(session: SessionDep, user: GetUserDep) -> HTMLResponse:
    """The settings' form, with the values stored (or the defaults)."""
    return _page(session, user)


class RelanceForm(BaseModel):
    """The form's fields, as posted (validated by ``Reglages.from_fields``, which names each field)."""

    csrf_token: str | None = None
    action: str | None = None
    delais: str = ""
    formations: str = ""
    sujet: str | None = None
    corps: str | None = None


@router.post(f"/{PAGE}", dependencies=[Depends(_may_edit)])
def enregistrer(
    request: Request, session: SessionDep, user: GetUserDep, form: Annotated[RelanceForm, Form()]
) -> Response:
    """Validate and store the form; a bad value comes back with a French message per field, nothing
    saved. "Modèle par défaut" keeps the delays and formations typed, and the package's mail."""
    csrf.check_action(request, user, form.csrf_token)
    default = form.action == "modele"
    try:
        reg = Reglages.from_fields(
            form.delais, form.formations, None if default else form.sujet, None if default else form.corps
        )
    except ReglagesError as exc:
        typed = form.model_dump(include={"delais", "formations", "sujet", "corps"})
        values = {k: "" if v is None else str(v) for k, v in typed.items()}
        return _page(session, user, values=values, errors=exc.errors, status=400)
    save(session, user, reg)
    session.commit()
    return RedirectResponse(f"./?msg=relance&dag_id={CODE}", status_code=303)


class RelanceBody(BaseModel):
    """What the CLI changes: each field given replaces the stored one, the others stay as they are.

    ``delais`` and ``formations`` as typed ("7, 2") or as lists; ``modele_par_defaut`` puts the
    package's mail back (subject and body).
    """

    delais: str | list[Any] | None = None
    formations: str | list[Any] | None = None
    sujet: str | None = None
    corps: str | None = None
    modele_par_defaut: bool = False


def _answer(reg: Reglages) -> dict[str, Any]:
    template = reg.template()
    return {
        "code": CODE,
        "reglages": reg.libelle(),
        "delais": list(reg.delais),
        "formations": list(reg.formations),
        "sujet": template.subject,
        "corps": template.body,
        "modele_par_defaut": reg.modele_par_defaut,
    }


@router.get("/api/relance", dependencies=[Depends(_may_read)])
def lire(session: SessionDep) -> dict[str, Any]:
    """The stored settings (the defaults when none), for the CLI."""
    try:
        return _answer(reglages.parse_stored(stored(session)))
    except ReglagesError as exc:
        raise HTTPException(409, f"Refusé : {exc}") from None


@router.put("/api/relance", dependencies=[Depends(_may_edit)])
def ecrire(request: Request, session: SessionDep, user: GetUserDep, body: RelanceBody) -> dict[str, Any]:
    """Change the settings for API clients (the CLI), under the page's lock: the fields given are
    validated and replace the stored ones. Bearer authentication (cookie requests need the form token).
    """
    csrf.check_action(request, user, None)
    row = locked_variable(session, VARIABLE_KEY, reglages.DESCRIPTION)
    try:
        current = reglages.parse_stored(row.val)
    except ReglagesError as exc:
        session.rollback()
        raise HTTPException(409, f"Refusé : {exc}") from None
    changes: dict[str, Any] = body.model_dump(exclude_none=True, exclude={"modele_par_defaut"})
    if body.modele_par_defaut:
        changes |= {"sujet": None, "corps": None}
    try:
        for name in ("delais", "formations"):  # typed as on the form, or lists
            value = changes.get(name)
            if isinstance(value, str):
                changes[name] = (reglages.delais_of if name == "delais" else reglages.formations_of)(value)
        reg = Reglages(**{**vars(current), **changes})
    except ReglagesError as exc:
        session.rollback()
        raise HTTPException(400, f"Refusé : {exc}") from None
    save(session, user, reg, via="api")
    session.commit()
    return _answer(reg)
