"""One module per batch: plain functions of (connection, clock, options) that return a Summary.

They import nothing from Airflow's scheduler and can be tested on a bare PostgreSQL connection.
"""


def no_checkpoint(_point: str) -> None:
    """Default ``checkpoint`` of the jobs: tests pass one that kills the process at a given point."""
