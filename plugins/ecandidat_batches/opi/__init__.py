"""OPIs towards the SI Scolarité: Apogée's payloads and database, Pégase's files."""
