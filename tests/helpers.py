"""Helpers shared by the test modules."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def execute_batch(code: str, context: dict[str, Any]) -> Any:
    """Run the batch's task as Airflow would (its ``BatchOperator``), outside a scheduler."""
    from ecandidat_batches.operators.base import BatchOperator

    return BatchOperator(task_id="executer").execute({"dag": SimpleNamespace(dag_id=code), **context})
