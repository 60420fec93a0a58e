"""Run every benchmark: ``make bench`` (lifecycle at scale 0.25, history purge, LimeSurvey, SI Scolarité)."""

import sys

from bench import lifecycle, limesurvey, purge_history, siscol

if __name__ == "__main__":
    lifecycle.main(sys.argv[1:2])
    purge_history.main()
    limesurvey.main([])
    siscol.main([])
