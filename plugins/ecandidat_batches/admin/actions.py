"""The Batches page's actions on Airflow's state, through the ORM: for the API server only.

"Éditer" (programmation and pause state), "Lancer immédiatement", "Annuler le lancement". Each locks
the batch's DAG row first, so that two admins' actions on one batch happen one after the other, and
each refuses, as eCandidat did, while the batch is running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecandidat_batches.admin.programmations import DESCRIPTION, set_programmation
from ecandidat_batches.admin.screen import Row
from ecandidat_batches.schedule.overrides import VARIABLE_KEY, effective_programmation
from ecandidat_batches.schedule.programmation import Programmation, ProgrammationError
from ecandidat_batches.schedule.registry import BATCHES
from ecandidat_batches.state.orm import OrmBatchState, pending_launches_query

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RefusedError(Exception):
    """An action refused for a reason the admin must read (HTTP status, French message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def locked_variable(session: Session, key: str, description: str, empty: str = "{}") -> Any:
    """A Variable's row, locked until the session commits; created (``empty``) first when absent, so
    that two first writers queue on it rather than both inserting (the second would fail)."""
    from airflow.models.variable import Variable
    from sqlalchemy import select
    from sqlalchemy.exc import IntegrityError

    query = select(Variable).where(Variable.key == key).with_for_update()
    row = session.scalars(query).first()
    if row is None:
        try:
            with session.begin_nested():
                row = Variable(key=key, val=empty, description=description)  # type: ignore[no-untyped-call]
                session.add(row)
        except IntegrityError:  # another writer created it meanwhile: wait for its lock
            pass
        row = session.scalars(query).first()
    return row


class OrmVariableStore:
    """The override store (``programmations.Store``) on the API server: the Variable row, locked."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self) -> Any:
        return locked_variable(self.session, VARIABLE_KEY, DESCRIPTION)

    def read(self) -> str | None:
        return self._row().val  # type: ignore[no-any-return]

    def write(self, value: str) -> None:
        self._row().val = value


class Actions:
    """The screen's actions, in the caller's session (committed by the route)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.state = OrmBatchState(session)

    def dag_model(self, dag_id: str, *, lock: bool = False) -> Any:
        from airflow.models.dag import DagModel
        from sqlalchemy import select

        query = select(DagModel).where(DagModel.dag_id == dag_id, ~DagModel.is_stale)
        return self.session.scalars(query.with_for_update() if lock else query).first()

    def save(self, dag_id: str, prog: Programmation | None, en_service: bool | None) -> Programmation:
        """Store a programmation (None: back to the registry's) and the pause state (None: unchanged).

        Every writer of the programmations goes through here (the page, and the CLI through the
        page's API route), under the Variable's row lock: two edits never lose one another.
        The DAG processor is asked to reparse the file at once. Returns what is stored.

        :raises RefusedError: the batch's DAG file does not parse, or the stored value is unreadable.
        """
        from airflow.models.dagbag import DagPriorityParsingRequest
        from sqlalchemy import select

        self._refuse_broken_file(dag_id, "modification refusée")
        dm = self.dag_model(dag_id, lock=True)
        prog = BATCHES[dag_id].programmation if prog is None else prog
        store = OrmVariableStore(self.session)
        before = effective_programmation(dag_id, store.read).programmation
        try:
            set_programmation(dag_id, prog, store)
        except ProgrammationError as exc:
            raise RefusedError(409, str(exc)) from None
        if dm is None:
            return prog
        if en_service is not None:
            if en_service and dm.is_paused:
                self._next_slot(dm)
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
        return prog

    def pause(self, dag_id: str) -> None:
        """Out of service ("En service" unticked), as the edit window does; nothing else changes."""
        dm = self.dag_model(dag_id, lock=True)
        if dm is not None:
            dm.is_paused = True

    def _refuse_broken_file(self, dag_id: str, refused: str) -> None:
        """Refuse an action on a batch whose DAG file does not parse, saying why."""
        error = self.state.import_errors([dag_id]).get(dag_id)
        if error is not None:
            cause = Row.short_error(error)
            raise RefusedError(409, f"{dag_id} : fichier du DAG en erreur, {refused} ({cause}).")

    def _next_slot(self, dm: Any) -> None:
        """Recompute the next scheduled run now, as the DAG processor will at its next parse.

        The batches' timetables never schedule a slot missed while out of service, but the DAG row
        may still hold one computed before its last parse: putting the batch back in service here
        recomputes it first, so that no run is created for it.
        """
        from airflow.models.dagbag import DBDagBag
        from airflow.models.dagrun import DagRun
        from airflow.utils.types import DagRunType
        from sqlalchemy import select

        dag = DBDagBag().get_latest_version_of_dag(dm.dag_id, session=self.session)
        if dag is None:
            return
        last = self.session.scalars(
            select(DagRun)
            .where(
                DagRun.dag_id == dm.dag_id,
                DagRun.run_type.in_([DagRunType.SCHEDULED, DagRunType.BACKFILL_JOB]),
            )
            .order_by(DagRun.logical_date.desc())
            .limit(1)
        ).first()
        dm.calculate_dagrun_date_fields(dag, reference_run=last)

    def launch(self, dag_id: str, user_name: str) -> None:
        """Queue a manual run ("Lancer immédiatement"); a paused batch keeps it pending until unpaused."""
        from airflow.api_fastapi.core_api.datamodels.dag_run import TriggerDAGRunPostBody
        from airflow.models.dagbag import DBDagBag
        from airflow.utils.types import DagRunType

        self._refuse_broken_file(dag_id, "lancement refusé")
        dm = self._lock_idle(dag_id, "lancement refusé")
        if dm.allowed_run_types is not None and DagRunType.MANUAL not in dm.allowed_run_types:
            raise RefusedError(409, f"{dag_id} : ce DAG n'accepte pas de lancement manuel.")
        if dag_id in self.state.pending_launches([dag_id]):
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
        """Delete the pending launches ("Annuler le lancement")."""
        self._lock_idle(dag_id, "annulation refusée")
        # The scheduler locks a run's row to start it: locking them here means a run it starts
        # meanwhile no longer matches (PostgreSQL re-checks the conditions) and is kept.
        pending = list(self.session.scalars(pending_launches_query([dag_id]).with_for_update()))
        if not pending:
            raise RefusedError(409, f"{dag_id} : aucun lancement immédiat en attente.")
        for run in pending:
            self.session.delete(run)

    def _lock_idle(self, dag_id: str, refused: str) -> Any:
        """The DAG's row, locked so that two admins' actions on one batch happen one after the other."""
        dm = self.dag_model(dag_id, lock=True)
        if dm is None:
            raise RefusedError(404, f"{dag_id} : pas de DAG pour ce batch dans ce déploiement.")
        if self.state.running([dag_id]):
            raise RefusedError(409, f"{dag_id} : le batch est en cours d'exécution, {refused}.")
        return dm
