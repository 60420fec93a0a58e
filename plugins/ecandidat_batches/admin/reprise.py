"""The takeover's route: ``POST /reprise``, the page's "Reprendre d'eCandidat" (as the CLI's ``takeover``).

Imports eCandidat's programmations and states once, then puts its batches out of service there
(:mod:`.takeover`). Needs the right to edit both Variables and every batch it changes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from airflow.api_fastapi.common.db.common import SessionDep
from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ecandidat_batches.admin import csrf, takeover
from ecandidat_batches.admin.actions import Actions, RefusedError
from ecandidat_batches.admin.audit import audit
from ecandidat_batches.admin.pages import screen
from ecandidat_batches.admin.rights import TAKEOVER_REFUSED, may_take_over, require_takeover_rights
from ecandidat_batches.admin.screen import rows
from ecandidat_batches.state.orm import OrmBatchState

router = APIRouter()


@router.post("/reprise", response_class=HTMLResponse)
def reprise(
    request: Request,
    session: SessionDep,
    user: GetUserDep,
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """Take over from eCandidat's scheduler (as the CLI's ``takeover``): import its programmations and
    states once, then put its batches out of service there."""
    from airflow.models.variable import Variable
    from fastapi import HTTPException
    from sqlalchemy import select

    from ecandidat_batches.db.connection import DatabaseError, connect

    csrf.check_action(request, user, csrf_token)
    if not may_take_over(user, takeover.VARIABLE):
        raise HTTPException(403, TAKEOVER_REFUSED)
    try:
        conn = connect()
    except DatabaseError as exc:
        return screen(session, user, status=503, erreur=f"Reprise impossible : {exc}")
    try:
        found = takeover.read(conn)
        require_takeover_rights(user, takeover.VARIABLE, {r.code for r in found if takeover.ours(r.code)})
        row = session.scalars(
            select(Variable).where(Variable.key == takeover.VARIABLE).with_for_update()
        ).first()
        imported = takeover.parse_record(row.val if row is not None else None)
        plan = takeover.plan(found, imported)
        try:
            takeover.check_dags(plan, takeover.current_of(rows(OrmBatchState(session))))
        except takeover.TakeoverRefusedError as exc:
            session.rollback()
            return screen(session, user, status=409, erreur=str(exc))

        def record(done: dict[str, str]) -> None:
            value = json.dumps(done, sort_keys=True)
            if row is None:
                session.add(Variable(key=takeover.VARIABLE, val=value, description=takeover.DESCRIPTION))  # type: ignore[no-untyped-call]
            else:
                row.val = value

        def commit() -> None:
            audit(session, user, "reprise", None, lignes=takeover.lines(plan, {}))
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
            return screen(session, user, status=exc.status, erreur=exc.message)
    finally:
        conn.close()
    return RedirectResponse("./?msg=reprise", status_code=303)
