"""Development tools: what ``make run`` starts beside Airflow and the tests talk to (never production)."""
