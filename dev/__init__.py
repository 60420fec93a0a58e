"""Development only, never deployed: the ``make run`` launcher and the local servers speaking the real
protocols of the external systems (LimeSurvey, Airflow's REST API...), used by ``make run``, the tests and
the benchmarks."""

from pathlib import Path

#: The SQL only ``make run``, the tests and the benchmarks run: eCandidat's schema as migrations for the
#: databases we create, and the Apogée stand-in.
SQL = Path(__file__).resolve().parent / "sql"
