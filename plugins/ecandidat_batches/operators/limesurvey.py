"""``SyncLimeSurveyOperator``: BATCH_SYNC_LIMESURVEY, LimeSurvey answers into the eCandidat database."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from ecandidat_batches.hooks.limesurvey import LimeSurveyHook
from ecandidat_batches.operators.base import BatchOperator, BatchRun


class SyncLimeSurveyOperator(BatchOperator):
    """Import the latest answers of every active form's survey (``jobs.sync_limesurvey``).

    :param limesurvey_conn_id: the LimeSurvey RemoteControl 2 connection (templated).
    """

    template_fields: Sequence[str] = (*BatchOperator.template_fields, "limesurvey_conn_id")
    ui_color = "#d6eaf8"

    def __init__(self, *, limesurvey_conn_id: str = LimeSurveyHook.default_conn_name, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limesurvey_conn_id = limesurvey_conn_id

    @cached_property
    def limesurvey_hook(self) -> LimeSurveyHook:
        return LimeSurveyHook(limesurvey_conn_id=self.limesurvey_conn_id)

    def make_limesurvey(self, run: BatchRun) -> LimeSurveyHook:
        return self.limesurvey_hook
