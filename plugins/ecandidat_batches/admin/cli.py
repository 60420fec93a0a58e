"""The Batches screen in a terminal, and the programmations (for admins over SSH).

Usage (with the same environment as Airflow, e.g. ``source .local/env.sh`` after ``make run``)::

    python -m ecandidat_batches.admin.cli list
    python -m ecandidat_batches.admin.cli set BATCH_DEMO "Tous les lun, mer à 04h15"
    python -m ecandidat_batches.admin.cli set BATCH_NETTOYAGE '{"jours": ["lun"], "heure": 1, "minute": 0}'
    python -m ecandidat_batches.admin.cli reset BATCH_DEMO
    python -m ecandidat_batches.admin.cli relance
    python -m ecandidat_batches.admin.cli relance --delais "7, 2" --formations "M1-MIAGE, L3-INFO"
    python -m ecandidat_batches.admin.cli relance --sujet "…" --corps-fichier corps.html
    python -m ecandidat_batches.admin.cli relance --modele-par-defaut
    python -m ecandidat_batches.admin.cli grants "'ecandidat_batch'@'%'"
    python -m ecandidat_batches.admin.cli takeover --dry-run
    python -m ecandidat_batches.admin.cli takeover [CODE…]
    python -m ecandidat_batches.admin.cli rendre --dry-run CODE…
    python -m ecandidat_batches.admin.cli rendre CODE…
    python -m ecandidat_batches.admin.cli lettre 1234 lettre.pdf

A change is stored in the Airflow Variable ``ecandidat_batches_programmations`` and applies when the
DAG processor next parses the batch's file (``[dag_processor] min_file_process_interval``, 30 s by
default). Pausing and unpausing ("En service") stay with ``airflow dags pause|unpause CODE``.
``takeover`` takes over from eCandidat's own scheduler (see :mod:`ecandidat_batches.admin.takeover`),
``rendre`` gives batches back to it (:mod:`ecandidat_batches.admin.handback`), both through the page's
API routes (locked and audited as the page's buttons): ``--dry-run`` prints what would change, batch
by batch, and changes nothing. ``grants`` prints the MariaDB/MySQL grants
that the batches' database user needs on eCandidat's own database: rows only (SELECT, INSERT, UPDATE,
DELETE), on the tables the batches' SQL uses, no DDL. ``lettre`` writes a candidature's admission
letter as BATCH_DESIST_AUTO would attach it (the templates, LibreOffice, the protection and signature
of the settings), sending nothing: to check a template.

``relance`` shows BATCH_RELANCE_TRANSMISSION's settings (delays, formations, mail), or changes the ones
given, through the page's API route (validated and locked as the page's form; effective at the next
run; ``--formations ""``: every formation).
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
                row.libelle + (" (ajouté par ce paquet)" if row.ajoute else ""),
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
    which only runs on a demo database), eCandidat's ``batch`` for the takeover and its return, and
    Flyway's ``schema_version`` to read eCandidat's version."""
    from ecandidat_batches.db.preflight import tables_named
    from ecandidat_batches.jobs import confirmation, demo
    from ecandidat_batches.schedule.registry import BATCHES

    tables: set[str] = set()
    jobs = [batch.job for batch in BATCHES.values() if batch.job is not None]
    for job in [*jobs, confirmation.SEND]:
        if job.run is not demo.JOB.run:
            tables |= {*tables_named(job.sql), *job.tables, *job.columns}
    from ecandidat_batches.admin import batch_table, handback, takeover

    # The takeover and its reverse read and update `batch`.
    tables |= set(tables_named((*batch_table.SQL, *takeover.SQL, *handback.SQL)))
    rows = [f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{database}`.`{t}` TO {user};" for t in sorted(tables)]
    return [
        *rows,
        # Flyway's history, read only: the page and the runs say when eCandidat is newer than known.
        f"GRANT SELECT ON `{database}`.`schema_version` TO {user};",
        # Temporary tables (gone with their session): BATCH_SYNCHRO_SISCOL stages each step in one,
        # BATCH_DESTRUCT_DOSSIER passes its chunks' ids and the paths used twice through some, and others.
        f"GRANT CREATE TEMPORARY TABLES ON `{database}`.* TO {user};",
    ]


def cmd_relance(args: argparse.Namespace, api: AirflowApiHook | None = None) -> int:
    """BATCH_RELANCE_TRANSMISSION's settings: shown, or the options given changed (checked here first,
    then by the page's route, which stores them under its lock)."""
    from pathlib import Path

    from ecandidat_batches.relance.reglages import Reglages, ReglagesError, delais_of, formations_of

    body: dict[str, Any] = {}
    try:
        if args.delais is not None:
            body["delais"] = list(delais_of(args.delais))
        if args.formations is not None:
            body["formations"] = list(formations_of(args.formations))
        if args.sujet is not None:
            body["sujet"] = args.sujet
        if args.corps_fichier is not None:
            try:
                body["corps"] = Path(args.corps_fichier).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ReglagesError({"corps": f"fichier {args.corps_fichier} illisible ({exc})"}) from None
        Reglages(sujet=body.get("sujet"), corps=body.get("corps"))  # the texts refused here first
    except ReglagesError as exc:
        print(f"Refusé : {exc}", file=sys.stderr)
        return 2
    if args.modele_par_defaut:
        body["modele_par_defaut"] = True
    api = api or AirflowApiHook()
    try:
        if body:
            done = api.request("PUT", "/batches/api/relance", json=body).json()
        else:
            done = api.request("GET", "/batches/api/relance").json()
    except AirflowApiError as exc:
        print(exc.detail if exc.detail.startswith("Refusé") else f"Refusé : {exc}", file=sys.stderr)
        return 2
    print(f"{done['code']} : {done['reglages']}")
    print(f"Mail{' (modèle par défaut)' if done['modele_par_defaut'] else ''} :")
    print(f"  Objet : {done['sujet']}")
    print(f"  Corps : {done['corps']}")
    if body:
        print("(appliqué à la prochaine exécution)")
    return 0


#: What the CLI says once the takeover or the return is done.
DONE = {
    "reprise": "Reprise faite : eCandidat ne lance plus ces batches, Airflow les lance.",
    "rendre": "Rendu à eCandidat : ces batches sont hors service ici, eCandidat les lance de nouveau "
    "avec la programmation et l'état d'avant la reprise.",
}


def cmd_reprise(
    kind: str, dry_run: bool, codes: Sequence[str] | None = None, api: AirflowApiHook | None = None
) -> int:
    """``takeover`` (``reprise``) or ``rendre`` through the page's API routes, which lock, apply and
    audit them as the page's buttons do: the preview (``--dry-run``) or the change, line by line."""
    api = api or AirflowApiHook()
    body = {"codes": list(codes) if codes else None, "simulation": dry_run}
    try:
        done = api.request("POST", f"/batches/api/{kind}", json=body).json()
    except AirflowApiError as exc:
        french = exc.detail.startswith(("Refusé", "Airflow est"))
        print(exc.detail if french else f"Refusé : {exc}", file=sys.stderr)
        return 1
    for line in done["lignes"]:
        print(line)
    if dry_run:
        print("Simulation : rien n'a été modifié.")
    elif done["fait"]:
        print(DONE[kind])
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
    relance_cmd = sub.add_parser(
        "relance", help="BATCH_RELANCE_TRANSMISSION's settings: shown, or the options given changed"
    )
    relance_cmd.add_argument("--delais", help='days before the return deadline, e.g. "7, 2"')
    relance_cmd.add_argument("--formations", help='formation codes, e.g. "M1-MIAGE, L3-INFO"; "" for all')
    relance_cmd.add_argument("--sujet", help="the mail's subject (eCandidat's ${...} variables)")
    relance_cmd.add_argument("--corps-fichier", help="a file holding the mail's HTML body")
    relance_cmd.add_argument(
        "--modele-par-defaut", action="store_true", help="the package's own mail (subject and body) again"
    )
    grants_cmd = sub.add_parser("grants", help="the database grants of the batches' user (MariaDB/MySQL)")
    grants_cmd.add_argument("user", help="the account, as in GRANT: \"'ecandidat_batch'@'%%'\"")
    grants_cmd.add_argument(
        "--database", default="ecandidat", help="eCandidat's database (default: ecandidat)"
    )
    takeover_cmd = sub.add_parser("takeover", help="take over from eCandidat's own scheduler")
    takeover_cmd.add_argument("codes", nargs="*", help="only these batches (default: every one proposed)")
    takeover_cmd.add_argument("--dry-run", action="store_true", help="print the changes, change nothing")
    rendre_cmd = sub.add_parser("rendre", help="give batches back to eCandidat (the takeover's reverse)")
    rendre_cmd.add_argument("codes", nargs="+", help="the batches to give back")
    rendre_cmd.add_argument("--dry-run", action="store_true", help="print the changes, change nothing")
    lettre_cmd = sub.add_parser("lettre", help="write a candidature's admission letter (PDF), send nothing")
    lettre_cmd.add_argument("id_cand", type=int, help="the candidature (candidature.id_cand)")
    lettre_cmd.add_argument("fichier", help="the PDF file to write")
    args = parser.parse_args(argv)
    if args.command == "lettre":
        return cmd_lettre(args.id_cand, args.fichier)
    if args.command in ("takeover", "rendre"):
        kind = "reprise" if args.command == "takeover" else "rendre"
        return cmd_reprise(kind, args.dry_run, args.codes or None)
    if args.command == "relance":
        return cmd_relance(args)
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
