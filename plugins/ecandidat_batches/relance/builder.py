"""BATCH_RELANCE_TRANSMISSION's mails, built as eCandidat builds a candidature mail.

The candidature's variables, its recipient (the candidate's address) and its centre's BCC rule are
:class:`~ecandidat_batches.mails.candidature.Builder`'s, read from the database when the mail is sent;
the template is the batch's (:mod:`.reglages`), not a ``mail`` row. A candidature transmitted or
cancelled since the run announced its reminder gets none (the reason is in the report): the reminder
would be wrong by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ecandidat_batches.db import sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.mails.candidature import Builder, values
from ecandidat_batches.mails.templates import Mail, Template, render
from ecandidat_batches.relance.reglages import KIND

#: The SQL files this module runs (beside the candidature mails' own).
SQL = ("relance_transmission/still_waiting.sql",)


class ReminderBuilder(Builder):
    """The reminders of announced ``(KIND, id_cand)`` pairs, in chunks read once each.

    :param template: the batch's mail (:meth:`.reglages.Reglages.template`).
    """

    def __init__(self, conn: Connection | None = None, *, cur: Any = None, template: Template) -> None:
        super().__init__(conn, cur=cur)
        self.template = template

    def build(self, pairs: Sequence[tuple[str, int]], stamp: dt.datetime) -> list[Mail | str]:
        """The mail of each pair, or the reason none is sent (in French, for the report)."""
        ids = sorted({int(i) for _, i in pairs})
        rows = self._rows(ids, with_opis=False)
        with self._cursor() as cur:
            found = sqlfiles.execute(cur, "relance_transmission/still_waiting.sql", {"ids": ids}).fetchall()
        waiting = {int(row[0]) for row in found}
        out: list[Mail | str] = []
        for kind, id_cand in pairs:
            row = rows.get(int(id_cand))
            if row is None:
                out.append(f"candidature {id_cand} introuvable")
            elif kind != KIND:
                out.append(f"candidature {id_cand} : mail {kind} inconnu de ce batch")
            elif int(id_cand) not in waiting:
                out.append(f"{_about(row)} : transmise ou annulée depuis la relance")
            else:
                out.append(self._reminder(row))
        return out

    def _reminder(self, row: Mapping[str, Any]) -> Mail | str:
        to = self._addresses([row["mail_perso_cpt_min"]], _about(row))
        if not to:
            return f"{_about(row)} : pas d'adresse valide pour {KIND}"
        subject, body = render(self.template, values(row, row["cod_langue"], own_language=True))
        return Mail(
            KIND, to, subject, body, bcc=self._bcc_of(row, f"{KIND}, {_about(row)}"), about=_about(row)
        )


def _about(row: Mapping[str, Any]) -> str:
    return f"candidature {row['id_cand']}, dossier {row['num_dossier_opi_cpt_min']}"
