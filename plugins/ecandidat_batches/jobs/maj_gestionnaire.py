"""BATCH_MAJ_GESTIONNAIRE ("Mise à jour des gestionnaires"): eCandidat's individus against the directory.

For each ``individu``, its login is looked up in the directory (eCandidat's LDAP settings, connection
``ecandidat_ldap``, :class:`~ecandidat_batches.hooks.ldap.EcandidatLdapHook`): not found and in
service -> out of service; found with another label or mail -> both taken and in service; found,
unchanged and out of service -> back in service (eCandidat never did: an individu deactivated while
absent from the directory stayed so once back). Every login is looked up first (many per search);
then the changes are written in one transaction: an LDAP error fails the run with its cause before
anything is written (eCandidat stopped silently half way and ended FINISH).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from ecandidat_batches.clock import paris_now
from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.dialect import dialect_of
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job
from ecandidat_batches.summary import Summary

#: ``individu.libelle_ind`` and ``mail_ind`` are ``varchar(255)``.
MAX_LENGTH = 255


class Directory(Protocol):
    def lookup(self, logins: Any) -> dict[str, Any]: ...


def run(
    conn: Connection,
    ldap: Directory,
    *,
    code: str,
    dry_run: bool = False,
    clock: Callable[[], dt.datetime] = paris_now,
) -> Summary:
    """Update the individus from the directory; return the summary."""
    summary = Summary(code, clock, dry_run=dry_run)
    with Db(conn, dry_run=dry_run) as db:
        with db.transaction() as cur:
            individus = sqlfiles.execute(cur, "maj_gestionnaire/individus.sql").fetchall()
        found = ldap.lookup(row[0] for row in individus)  # before any change: an error writes nothing
        updates: list[dict[str, Any]] = []
        off: list[str] = []
        back: list[str] = []
        unusable: list[str] = []
        for login, libelle, mail, tes in individus:
            person = found.get(login)
            if person is None:
                if tes:
                    off.append(login)
                continue
            new_libelle, new_mail = person.display_name, person.mail
            if not new_libelle or len(new_libelle) > MAX_LENGTH or len(new_mail or "") > MAX_LENGTH:
                unusable.append(login)  # eCandidat's validation refuses it: left as it is, named
                continue
            if (new_libelle, new_mail) != (libelle, mail):
                updates.append({"login": login, "libelle": new_libelle, "mail": new_mail})
            elif not tes:
                back.append(login)
        with db.transaction() as cur:
            if updates:
                cur.executemany(sqlfiles.sql("maj_gestionnaire/update.sql", dialect_of(cur)), updates)
            if off:
                sqlfiles.execute(cur, "maj_gestionnaire/set_service.sql", {"tes": False, "logins": off})
            if back:
                sqlfiles.execute(cur, "maj_gestionnaire/set_service.sql", {"tes": True, "logins": back})
    summary.add(f"{len(individus)} individu(s), {len(found)} trouvé(s) dans l'annuaire")
    summary.add(f"Mise à jour de {len(updates)} individu(s)")
    summary.add(f"Désactivation de {len(off)} individu(s)")
    summary.add(f"Réactivation de {len(back)} individu(s)")
    if unusable:
        named = ", ".join(unusable[:20]) + (", …" if len(unusable) > 20 else "")
        summary.add(
            f"{len(unusable)} individu(s) laissé(s) tel(s) quel(s) : nom absent de l'annuaire ou nom / mail "
            f"de plus de {MAX_LENGTH} caractères ({named})"
        )
    summary.count("individus", len(individus))
    summary.count("mis_a_jour", len(updates))
    summary.count("desactives", len(off))
    summary.count("reactives", len(back))
    summary.count("ignores", len(unusable))
    return summary


JOB = Job(
    run=run,
    sql=("maj_gestionnaire/individus.sql", "maj_gestionnaire/set_service.sql", "maj_gestionnaire/update.sql"),
    resources=("conn", "ldap"),
)
