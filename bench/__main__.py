"""Run every benchmark: ``make bench`` (campaign lifecycle at scale 0.25, then history purge)."""

import sys

from bench import lifecycle, purge_history

if __name__ == "__main__":
    lifecycle.main(sys.argv[1:2])
    purge_history.main()
