"""Development only, never deployed: the ``make run`` launcher and the local servers speaking the real
protocols of the external systems (LimeSurvey, Airflow's REST API...), used by ``make run``, the tests and
the benchmarks."""
