"""eCandidat's scheduled batches on Apache Airflow 3: registry, hooks, batch logic and the admin page.

Everything a DAG file needs is imported from here; nothing in this package touches Airflow's metadata
database from task code (Airflow 3 forbids it): the history lives in Airflow's own DAG runs.
"""
