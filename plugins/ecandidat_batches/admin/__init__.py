"""Admin side: what runs in the API server and in admins' terminals, never in tasks.

Unlike task code, this side may use Airflow's metadata database directly (the sanctioned way inside
the API server and the ``airflow`` CLI).
"""
