"""When batches run: the registry, programmations, timetables, admins' overrides, the DAG arguments."""
