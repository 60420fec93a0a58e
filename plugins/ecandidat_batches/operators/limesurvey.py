"""``SyncLimeSurveyOperator``: BATCH_SYNC_LIMESURVEY, LimeSurvey answers into the eCandidat database."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from airflow.sdk import BaseOperator

from ecandidat_batches import settings
from ecandidat_batches.hooks.limesurvey import LimeSurveyHook


class SyncLimeSurveyOperator(BaseOperator):
    """Import the latest answers of every active form's survey (``jobs.sync_limesurvey``).

    :param limesurvey_conn_id: the LimeSurvey RemoteControl 2 connection (templated).
    :param ecandidat_conn_id: the eCandidat database connection (templated).
    """

    template_fields: Sequence[str] = ("limesurvey_conn_id", "ecandidat_conn_id")
    ui_color = "#d6eaf8"

    def __init__(
        self,
        *,
        limesurvey_conn_id: str = LimeSurveyHook.default_conn_name,
        ecandidat_conn_id: str = settings.APP_DB_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.limesurvey_conn_id = limesurvey_conn_id
        self.ecandidat_conn_id = ecandidat_conn_id

    @cached_property
    def hook(self) -> LimeSurveyHook:
        return LimeSurveyHook(limesurvey_conn_id=self.limesurvey_conn_id)

    def execute(self, context: Any) -> dict[str, Any]:
        from ecandidat_batches.db.preflight import require, sql_files
        from ecandidat_batches.jobs import sync_limesurvey
        from ecandidat_batches.operators.base import app_connection

        with app_connection(self.ecandidat_conn_id) as conn:
            require(conn, sql_files(sync_limesurvey), self.ecandidat_conn_id)
            return sync_limesurvey.run(conn, self.hook, code=context["dag"].dag_id).as_dict()
