"""Who may do what on the Batches page: Airflow's auth manager decides, the page only asks.

Reading needs the DAG's GET right, editing its PUT right, launching and cancelling the POST and DELETE
rights on its runs; editing a programmation (and the takeover, which writes its own record) needs
Airflow's right to edit the Variable as well. The buttons only mirror these answers: every route asks
again, server-side.
"""

from __future__ import annotations

from typing import Any, Literal

from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import HTTPException

from ecandidat_batches.schedule.overrides import VARIABLE_KEY

#: The refusal of the takeover and of its reverse to an admin who lacks one of the rights they need.
TAKEOVER_REFUSED = "Droits insuffisants : la reprise modifie les batches et les variables."


def allowed(
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


def may_edit_variable(user: Any, key: str = VARIABLE_KEY) -> bool:
    """Éditer writes the override Variable (the takeover its record too): Airflow's right to edit that
    Variable is needed as well."""
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import VariableDetails

    return get_auth_manager().is_authorized_variable(
        method="PUT", details=VariableDetails(key=key), user=user
    )


def may_write_programmations(user: GetUserDep) -> None:
    """A route's dependency: 403 unless the user may edit the programmations' Variable."""
    if not may_edit_variable(user):
        raise HTTPException(
            403,
            "Droits insuffisants : modifier une programmation demande le droit de modifier les variables.",
        )


def may_take_over(user: Any, record_key: str) -> bool:
    """The takeover and its reverse write the programmations' Variable and their own record."""
    return may_edit_variable(user) and may_edit_variable(user, record_key)


def require_takeover_rights(user: Any, record_key: str, codes: list[str] | set[str]) -> None:
    """403 unless the user may take over (or give back) these batches: both Variables, and each DAG."""
    if not may_take_over(user, record_key) or not all(allowed(user, c, "PUT", False) for c in codes):
        raise HTTPException(403, TAKEOVER_REFUSED)
