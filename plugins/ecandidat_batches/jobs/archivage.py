"""BATCH_ARCHIVAGE ("Archivage de campagne"): activate the next campaign and archive the old one.

For each campaign whose planned activation date has passed and that was never activated: copy the
eight formation dates into the candidatures of the campaign it archives (by chunks, idempotent), then,
in one transaction, activate the new campaign and archive the old one, so that the application is
never left with two campaigns in service or none. Running eCandidat nodes are told to reload their
campaign cache (``load_balancing_reload('campagne')``).

Differences from eCandidat: a campaign without a campaign to archive is an error naming it, raised
before anything is written (eCandidat fails with a null pointer); no campaign to activate is a normal
outcome, reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ecandidat_batches import appdb, settings
from ecandidat_batches.jobs import no_checkpoint
from ecandidat_batches.summary import PARIS, Summary, paris_now

CODE = "BATCH_ARCHIVAGE"
# Times ``[ecandidat] chunk_size`` accounts per transaction: one small update per candidature.
CHUNK_FACTOR = 4


class CampagneSansArchiveError(RuntimeError):
    """A campaign to activate names no campaign to archive (``archiv_id_camp`` is null)."""


def run(
    conn: Any,
    *,
    dry_run: bool = False,
    chunk: int | None = None,
    clock: Callable[[], dt.datetime] = paris_now,
    checkpoint: Callable[[str], None] = no_checkpoint,
) -> Summary:
    """Archive every campaign due; return the summary.

    :param chunk: accounts whose candidatures are updated per transaction (about 2.5 candidatures
        each); by default ``[ecandidat] chunk_size`` times ``CHUNK_FACTOR``.
    :param checkpoint: called at each step boundary (tests kill the process there).
    """
    if chunk is None:
        chunk = settings.chunk_size() * CHUNK_FACTOR
    summary = Summary(CODE, clock, dry_run=dry_run)
    now = clock().astimezone(PARIS).replace(tzinfo=None)
    with appdb.transaction(conn) as cur:
        due = appdb.execute(cur, "archivage/campaigns_to_activate.sql", {"now": now}).fetchall()
    if not due:
        summary.add("Aucune campagne à archiver")
        summary.count("campagnes", 0)
        return summary
    orphans = [cod for _id, cod, old_id, *_ in due if old_id is None]
    if orphans:
        raise CampagneSansArchiveError(
            f"Campagne {', '.join(orphans)} : aucune campagne à archiver n'est renseignée (archiv_id_camp). "
            "Activez-la depuis l'écran des campagnes ou renseignez la campagne qu'elle remplace."
        )
    copied_total = 0
    for new_id, new_cod, old_id, old_cod, _old_archived in due:
        summary.add(f"Archivage de la campagne {old_cod}, activation de la campagne {new_cod}")
        if dry_run:
            with appdb.transaction(conn) as cur:
                n = appdb.execute(
                    cur, "archivage/count_candidatures.sql", {"old_id_camp": old_id}
                ).fetchone()[0]
            summary.add(f"{n} candidatures recevraient les dates de leur formation")
            copied_total += n
            continue
        after, copied = 0, 0
        while True:
            with appdb.transaction(conn) as cur:
                params = {"old_id_camp": old_id, "after": after, "chunk": chunk}
                n, last = appdb.execute(cur, "archivage/copy_formation_dates.sql", params).fetchone()
            if last is None:  # no account left after `after`
                break
            copied, after = copied + n, last
            checkpoint("dates_copiees")
        summary.add(f"{copied} candidatures ont reçu les dates de leur formation")
        copied_total += copied
        with appdb.transaction(conn) as cur:
            params = {"new_id_camp": new_id, "old_id_camp": old_id, "now": now}
            locked = appdb.execute(cur, "archivage/lock_campaigns.sql", params).fetchall()
            if any(i == new_id and activated is not None for i, activated in locked):
                summary.add(f"La campagne {new_cod} a déjà été activée entre-temps")
                continue
            appdb.execute(cur, "archivage/activate.sql", params)
            appdb.execute(cur, "archivage/archive.sql", params)
            appdb.execute(cur, "maintenance/request_reload.sql", {"cod": "campagne", "now": now})
        checkpoint("campagnes_basculees")
        summary.add(f"Campagne {new_cod} activée, campagne {old_cod} archivée")
    summary.count("campagnes", len(due))
    summary.count("candidatures", copied_total)
    return summary
