"""The Batches screen in a terminal, and the programmations (for admins over SSH).

Usage (with the same environment as Airflow, e.g. ``source .local/env.sh`` after ``make run``)::

    python -m ecandidat_batches.admin.cli list
    python -m ecandidat_batches.admin.cli set BATCH_DEMO "Tous les lun, mer à 04h15"
    python -m ecandidat_batches.admin.cli set BATCH_NETTOYAGE '{"jours": ["lun"], "heure": 1, "minute": 0}'
    python -m ecandidat_batches.admin.cli reset BATCH_DEMO

A change is stored in the Airflow Variable ``ecandidat_batches_programmations`` and applies when the
DAG processor next parses the batch's file (``[dag_processor] min_file_process_interval``, 30 s by
default). Pausing and unpausing ("En service") stay with ``airflow dags pause|unpause CODE``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecandidat_batches.admin.programmations import ApiVariableStore, Store, set_programmation
from ecandidat_batches.programmation import Programmation, ProgrammationError
from ecandidat_batches.registry import get_batch

if TYPE_CHECKING:
    from ecandidat_batches.state import BatchState


def _parse_value(text: str) -> Programmation:
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ProgrammationError("programmation", f"JSON invalide ({exc})") from None
        return Programmation.from_dict(data)
    return Programmation.from_libelle(text)


def cmd_list(state: BatchState) -> int:
    """eCandidat's Batches screen as a table (En service and the last run come from Airflow)."""
    from ecandidat_batches.admin.screen import COLUMNS, rows

    table = [COLUMNS]
    notes = []
    for row in rows(state):
        en_service = {True: "oui", False: "non", None: "(pas de DAG)"}[row.en_service]
        prog = row.programmation + (" (modifiée)" if row.modifiee else "")
        table.append(
            (
                row.code,
                row.libelle,
                en_service,
                "oui" if row.lancement_immediat else "",
                prog,
                row.derniere_execution,
            )
        )
        if row.probleme:
            notes.append(f"⚠ {row.probleme}")
        if row.erreur_dag:
            notes.append(
                f"⚠ {row.code} : fichier du DAG en erreur ({row.erreur_dag.strip().splitlines()[-1]})"
            )
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    for note in notes:
        print(note)
    return 0


def main(argv: Sequence[str] | None = None, store: Store | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ecandidat_batches.admin.cli", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the Batches screen: every batch, its state, programmation and last run")
    set_cmd = sub.add_parser("set", help="store a programmation (French wording or JSON)")
    set_cmd.add_argument("code")
    set_cmd.add_argument("programmation")
    reset_cmd = sub.add_parser("reset", help="go back to the registry's default programmation")
    reset_cmd.add_argument("code")
    args = parser.parse_args(argv)
    if args.command == "list":
        from ecandidat_batches.state.rest import RestBatchState

        return cmd_list(RestBatchState())
    store = store or ApiVariableStore()
    try:
        batch = get_batch(args.code)
        prog = batch.programmation if args.command == "reset" else _parse_value(args.programmation)
        set_programmation(batch.code, prog, store)
    except ProgrammationError as exc:
        print(f"Refusé : {exc.for_batch(args.code) if exc.code is None else exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"Refusé : {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"{batch.code} : {prog.libelle()} (appliqué à la prochaine lecture du DAG)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
