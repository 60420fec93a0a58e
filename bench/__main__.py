"""Run every benchmark: ``make bench`` (lifecycle at scale 0.25, history purge, LimeSurvey, SI Scolarité,
ranks of the complementary lists, gestionnaires against a directory, the candidature batches and their
mails, the admission letters, the reminder of candidatures not transmitted, the OPIs towards Apogée, the
file store's path resolution)."""

import sys

from bench import (
    confirmation,
    file_store,
    gestionnaire,
    letters,
    lifecycle,
    limesurvey,
    opi,
    purge_history,
    rang_lc,
    relance_transmission,
    siscol,
)

if __name__ == "__main__":
    lifecycle.main(sys.argv[1:2])
    purge_history.main()
    limesurvey.main([])
    siscol.main([])
    rang_lc.main([])
    gestionnaire.main([])
    confirmation.main([])
    letters.main([])
    relance_transmission.main([])
    opi.main(["300", "--latency", "0.05"])
    file_store.main([])
