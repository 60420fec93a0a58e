"""The page's actions in Airflow's audit log (Browse > Audit Log), as Airflow's own routes write them."""

from __future__ import annotations

import json
from typing import Any


def audit(session: Any, user: Any, event: str, dag_id: str | None, **extra: Any) -> None:
    """Add a line ``ecandidat_batches.<event>`` with ``extra`` as JSON (committed with the action)."""
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
