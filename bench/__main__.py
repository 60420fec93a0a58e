"""Run every benchmark: ``make bench``."""

from bench import purge_history

if __name__ == "__main__":
    purge_history.main()
