"""One module per batch: plain functions of (connection, clock, options) that return a Summary.

They import nothing from Airflow's scheduler and can be tested on a bare PostgreSQL connection.
"""
