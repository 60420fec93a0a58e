"""BATCH_ARCHIVAGE ("Archivage de campagne"): activate the next campaign and archive the old one.

For each campaign whose planned activation date has passed and that was never activated: copy the
eight formation dates into the candidatures of the campaign it archives (by chunks, idempotent), then,
in one transaction, activate the new campaign and archive the old one, so that the application is
never left with two campaigns in service or none. Running eCandidat nodes are told to reload their
campaign cache (``load_balancing_reload('campagne')``), and the summary says which did
(:mod:`ecandidat_batches.db.nodes`).

Differences from eCandidat: a campaign without a campaign to archive is an error naming it, raised
before anything is written (eCandidat fails with a null pointer); no campaign to activate is a normal
outcome, reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ecandidat_batches import settings
from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.db import nodes, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import Db
from ecandidat_batches.jobs import Job, no_checkpoint
from ecandidat_batches.summary import Summary

# Times ``[ecandidat] chunk_size`` accounts per transaction: one small update per candidature.
CHUNK_FACTOR = 4


class CampagneSansArchiveError(RuntimeError):
    """A campaign to activate names no campaign to archive (``archiv_id_camp`` is null)."""


def run(
    conn: Connection,
    *,
    code: str,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Archive every campaign due; return the summary.

    :param code: the batch code (the DAG's id), which the summary carries.
    :param dry_run: run the same statements and roll them back (:class:`Db`).
    :param chunk: accounts whose candidatures are updated per transaction (about 2.5 candidatures
        each); by default ``[ecandidat] chunk_size`` times ``CHUNK_FACTOR``.
    :param checkpoint: called at each step boundary (tests kill the process there).
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(code, clock, dry_run=dry_run)
    now = wall_clock(clock())
    with Db(conn, dry_run=dry_run) as db:
        with db.transaction() as cur:
            due = sqlfiles.execute(cur, "archivage/campaigns_to_activate.sql", {"now": now}).fetchall()
        if not due:
            summary.add("Aucune campagne à archiver")
            summary.count("campagnes", 0)
            return summary
        orphans = [cod for _id, cod, old_id, *_ in due if old_id is None]
        if orphans:
            raise CampagneSansArchiveError(
                f"Campagne {', '.join(orphans)} : aucune campagne à archiver n'est renseignée "
                "(archiv_id_camp). Activez-la depuis l'écran des campagnes ou renseignez la campagne "
                "qu'elle remplace."
            )
        copied_total = 0
        for new_id, new_cod, old_id, old_cod, _old_archived in due:
            summary.add(f"Archivage de la campagne {old_cod}, activation de la campagne {new_cod}")
            copied = _copy_formation_dates(db, old_id, chunk, now, checkpoint)
            summary.add(f"{copied} candidatures ont reçu les dates de leur formation")
            copied_total += copied
            request = _switch_campaigns(db, new_id, old_id, now)
            if request is not None:
                summary.add(f"Campagne {new_cod} activée, campagne {old_cod} archivée")
                if dry_run:
                    nodes.forecast(request, summary)
                else:
                    nodes.report(conn, request, summary)
            else:
                summary.add(f"La campagne {new_cod} a déjà été activée entre-temps")
            checkpoint("campagnes_basculees")
    summary.count("campagnes", len(due))
    summary.count("candidatures", copied_total)
    return summary


def _copy_formation_dates(
    db: Db, old_id: int, chunk: int, now: dt.datetime, checkpoint: Callable[[str], None]
) -> int:
    """Copy the formation dates into the old campaign's candidatures, a chunk of accounts at a time;
    return how many candidatures changed."""
    after, copied = 0, 0
    while True:
        with db.transaction() as cur:
            params = {"old_id_camp": old_id, "after": after, "chunk": chunk, "now": now}
            n, last = sqlfiles.execute(cur, "archivage/copy_formation_dates.sql", params).fetchone()
        if last is None:  # no account left after `after`
            return copied
        copied, after = copied + n, last
        checkpoint("dates_copiees")


def _switch_campaigns(db: Db, new_id: int, old_id: int, now: dt.datetime) -> nodes.ReloadRequest | None:
    """Activate the new campaign and archive the old one in one transaction, with the request to
    eCandidat's nodes to reload the campaign; None if a concurrent run already did."""
    with db.transaction() as cur:
        params = {"new_id_camp": new_id, "old_id_camp": old_id, "now": now}
        locked = sqlfiles.execute(cur, "archivage/lock_campaigns.sql", params).fetchall()
        if any(i == new_id and activated is not None for i, activated in locked):
            return None
        sqlfiles.execute(cur, "archivage/activate.sql", params)
        sqlfiles.execute(cur, "archivage/archive.sql", params)
        return nodes.request_reload(cur, "campagne", now)


JOB = Job(
    run=run,
    sql=(
        "archivage/activate.sql",
        "archivage/archive.sql",
        "archivage/campaigns_to_activate.sql",
        "archivage/copy_formation_dates.sql",
        "archivage/lock_campaigns.sql",
        *nodes.SQL,
    ),
    resources=("conn",),
)
