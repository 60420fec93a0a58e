"""The Batches screen in a terminal, and the programmations (for admins over SSH).

Usage (with the same environment as Airflow, e.g. ``source .local/env.sh`` after ``make run``)::

    python -m ecandidat_batches.admin.cli list
    python -m ecandidat_batches.admin.cli set BATCH_DEMO "Tous les lun, mer à 04h15"
    python -m ecandidat_batches.admin.cli set BATCH_NETTOYAGE '{"jours": ["lun"], "heure": 1, "minute": 0}'
    python -m ecandidat_batches.admin.cli reset BATCH_DEMO
    python -m ecandidat_batches.admin.cli grants "'ecandidat_batch'@'%'"
    python -m ecandidat_batches.admin.cli takeover --dry-run
    python -m ecandidat_batches.admin.cli lettre 1234 lettre.pdf

A change is stored in the Airflow Variable ``ecandidat_batches_programmations`` and applies when the
DAG processor next parses the batch's file (``[dag_processor] min_file_process_interval``, 30 s by
default). Pausing and unpausing ("En service") stay with ``airflow dags pause|unpause CODE``.
``takeover`` takes over from eCandidat's own scheduler (see :mod:`ecandidat_batches.admin.takeover`):
``--dry-run`` prints the differences and changes nothing. ``grants`` prints the MariaDB/MySQL grants
that the batches' database user needs on eCandidat's own database: rows only (SELECT, INSERT, UPDATE,
DELETE), on the tables the batches' SQL uses, no DDL. ``lettre`` writes a candidature's admission
letter as BATCH_DESIST_AUTO would attach it (the templates, LibreOffice, the protection and signature
of the settings), sending nothing: to check a template.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ecandidat_batches.hooks.airflow_api import AirflowApiError, AirflowApiHook
from ecandidat_batches.schedule.programmation import ProgrammationError, programmation_of
from ecandidat_batches.schedule.registry import get_batch

if TYPE_CHECKING:
    from ecandidat_batches.state import BatchState


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
    for note in dict.fromkeys(notes):  # a problem of the whole stored value concerns every row: once
        print(note)
    return 0


def write(code: str, programmation: str | None, api: AirflowApiHook | None = None) -> dict[str, Any]:
    """Store a programmation through the page's API route, the one locked writer of the Variable.

    :raises KeyError: unknown batch code.
    :raises AirflowApiError: refused by the server; ``detail`` says why, in French.
    """
    batch = get_batch(code)
    api = api or AirflowApiHook()
    path = f"/batches/api/programmations/{quote(batch.code)}"
    response: dict[str, Any] = api.request("PUT", path, json={"programmation": programmation}).json()
    return response


def grants(user: str, database: str = "ecandidat") -> list[str]:
    """The grants of the batches' user: every table that a batch's SQL uses (BATCH_DEMO excepted,
    which only runs on a demo database), and eCandidat's ``batch`` for the takeover."""
    from ecandidat_batches.db.preflight import tables_named
    from ecandidat_batches.jobs import confirmation, demo
    from ecandidat_batches.schedule.registry import BATCHES

    tables: set[str] = set()
    jobs = [batch.job for batch in BATCHES.values() if batch.job is not None]
    for job in [*jobs, confirmation.SEND]:
        if job.run is not demo.JOB.run:
            tables |= {*tables_named(job.sql), *job.tables, *job.columns}
    from ecandidat_batches.admin import takeover

    tables |= set(tables_named(takeover.SQL))  # the takeover command reads and updates `batch`
    rows = [f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{database}`.`{t}` TO {user};" for t in sorted(tables)]
    # BATCH_SYNCHRO_SISCOL loads each step into a temporary table (gone with its session) before merging.
    return [*rows, f"GRANT CREATE TEMPORARY TABLES ON `{database}`.* TO {user};"]


def cmd_takeover(dry_run: bool, api: AirflowApiHook | None = None) -> int:
    """Import eCandidat's schedules and states, then put its batches out of service there."""
    import datetime as dt
    import json

    from ecandidat_batches.admin import takeover
    from ecandidat_batches.admin.screen import rows
    from ecandidat_batches.db.connection import connect
    from ecandidat_batches.state.rest import RestBatchState

    api = api or AirflowApiHook()
    conn = connect()
    try:
        found = takeover.read(conn)
        got = api.api("GET", f"/variables/{takeover.VARIABLE}", ok=(200, 404))
        imported = takeover.parse_record(got.json().get("value") if got.status_code == 200 else None)
        plan = takeover.plan(found, imported)
        current = takeover.current_of(rows(RestBatchState(api)))
        for line in takeover.lines(plan, current):
            print(line)
        try:
            takeover.check_dags(plan, current)
        except takeover.TakeoverRefusedError as exc:
            print(exc)
            return 1
        if dry_run or plan.empty:
            print("Simulation : rien n'a été modifié." if dry_run else "")
            return 0

        def record(done: dict[str, str]) -> None:
            body = {
                "key": takeover.VARIABLE,
                "value": json.dumps(done, sort_keys=True),
                "description": takeover.DESCRIPTION,
            }
            if (
                api.api("PATCH", f"/variables/{takeover.VARIABLE}", json=body, ok=(200, 404)).status_code
                == 404
            ):
                api.api("POST", "/variables", json=body)

        takeover.apply(
            conn,
            plan,
            imported=imported,
            set_batch=lambda code, prog, on: (
                write(code, json.dumps(prog.to_dict()), api),
                api.api("PATCH", f"/dags/{quote(code)}", json={"is_paused": not on}),
            ),
            record=record,
            now=dt.datetime.now(dt.UTC),
        )
    finally:
        conn.close()
    print("Reprise faite : eCandidat ne lance plus ces batches, Airflow les lance.")
    return 0


def cmd_lettre(id_cand: int, path: str) -> int:
    """Write a candidature's admission letter into ``path``; say when eCandidat would not mail it."""
    from pathlib import Path

    from ecandidat_batches.db.connection import app_connection
    from ecandidat_batches.letters.admission import (
        ADMISSION,
        LetterError,
        configured_maker,
        letter_type,
        no_letter_reason,
    )
    from ecandidat_batches.mails.candidature import Builder

    with app_connection() as conn, configured_maker() as maker:
        row, rules = Builder(conn, letters=maker).letter_row(id_cand)
        if row is None:
            print(f"Refusé : candidature {id_cand} introuvable", file=sys.stderr)
            return 2
        try:
            pdf = maker.pdf(row)
        except LetterError as exc:
            print(f"Lettre impossible : {exc}", file=sys.stderr)
            return 1
    Path(path).write_bytes(pdf)
    print(f"Lettre de la candidature {id_cand} écrite dans {path} ({len(pdf)} octets), modèle "
          f"{maker.last_template}")  # fmt: skip
    if letter_type(row, rules) != ADMISSION:
        print(f"Remarque : eCandidat ne la joindrait pas au mail ({no_letter_reason(row, rules)})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ecandidat_batches.admin.cli", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the Batches screen: every batch, its state, programmation and last run")
    set_cmd = sub.add_parser("set", help="store a programmation (French wording or JSON)")
    set_cmd.add_argument("code")
    set_cmd.add_argument("programmation")
    reset_cmd = sub.add_parser("reset", help="go back to the registry's default programmation")
    reset_cmd.add_argument("code")
    grants_cmd = sub.add_parser("grants", help="the database grants of the batches' user (MariaDB/MySQL)")
    grants_cmd.add_argument("user", help="the account, as in GRANT: \"'ecandidat_batch'@'%%'\"")
    grants_cmd.add_argument(
        "--database", default="ecandidat", help="eCandidat's database (default: ecandidat)"
    )
    takeover_cmd = sub.add_parser("takeover", help="take over from eCandidat's own scheduler")
    takeover_cmd.add_argument("--dry-run", action="store_true", help="print the differences, change nothing")
    lettre_cmd = sub.add_parser("lettre", help="write a candidature's admission letter (PDF), send nothing")
    lettre_cmd.add_argument("id_cand", type=int, help="the candidature (candidature.id_cand)")
    lettre_cmd.add_argument("fichier", help="the PDF file to write")
    args = parser.parse_args(argv)
    if args.command == "lettre":
        return cmd_lettre(args.id_cand, args.fichier)
    if args.command == "takeover":
        return cmd_takeover(args.dry_run)
    if args.command == "grants":
        print("\n".join(grants(args.user, args.database)))
        return 0
    if args.command == "list":
        from ecandidat_batches.state.rest import RestBatchState

        logging.getLogger("ecandidat_batches").setLevel(logging.ERROR)  # the table says it already
        return cmd_list(RestBatchState())
    try:
        programmation_of(None if args.command == "reset" else args.programmation)  # refused here first
        done = write(args.code, None if args.command == "reset" else args.programmation)
    except ProgrammationError as exc:
        print(f"Refusé : {exc.for_batch(args.code) if exc.code is None else exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"Refusé : {exc.args[0]}", file=sys.stderr)
        return 2
    except AirflowApiError as exc:
        detail = exc.detail if exc.detail.startswith("Refusé") else f"Refusé : {exc}"
        print(detail, file=sys.stderr)
        return 2
    print(f"{done['code']} : {done['programmation']} (appliqué à la prochaine lecture du DAG)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
