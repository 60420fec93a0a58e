"""Helpers shared by the test modules."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def execute_batch(code: str, context: dict[str, Any]) -> Any:
    """Run the batch's task as Airflow would (its ``BatchOperator``), outside a scheduler."""
    from ecandidat_batches.operators.base import BatchOperator

    return BatchOperator(task_id="executer").execute({"dag": SimpleNamespace(dag_id=code), **context})


#: eCandidat's Flyway 4.2 history table, as Flyway creates it on each engine (eCandidat runs MariaDB;
#: PostgreSQL for this package's copies).
_FLYWAY_TABLE = {
    "mariadb": """CREATE TABLE schema_version (installed_rank INT NOT NULL, version VARCHAR(50),
        description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,
        checksum INT, installed_by VARCHAR(100) NOT NULL,
        installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL,
        success BOOL NOT NULL, CONSTRAINT schema_version_pk PRIMARY KEY (installed_rank)) ENGINE=InnoDB""",
    "postgresql": """CREATE TABLE schema_version (installed_rank INT NOT NULL, version VARCHAR(50),
        description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,
        checksum INTEGER, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(),
        execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL,
        CONSTRAINT schema_version_pk PRIMARY KEY (installed_rank))""",
}


def flyway_history(db: Any, migrations: list[tuple[str | None, str, bool]]) -> None:
    """Give the test's eCandidat database Flyway's ``schema_version`` with these ``(version,
    description, success)`` rows, in order, as eCandidat's start-up leaves it (a real eCandidat
    database always has it; this package's copies do not). The next ``app_db`` is without it again."""
    db.execute("DROP TABLE IF EXISTS schema_version")
    db.execute(_FLYWAY_TABLE[db.engine])
    for rank, (version, description, success) in enumerate(migrations, 1):
        script = f"V{version.replace('.', '_')}__{description}.sql" if version else f"R__{description}.sql"
        db.execute(
            "INSERT INTO schema_version (installed_rank, version, description, type, script, checksum,"
            " installed_by, execution_time, success) VALUES (%s, %s, %s, 'SQL', %s, 0, 'ecandidat', 12, %s)",
            (rank, version, description, script, success),
        )


#: eCandidat's history up to the version this package knows (2.4.06), and the next one, 2.5.00.
KNOWN_HISTORY: list[tuple[str | None, str, bool]] = [
    ("2.1.0", "Initialisation 2_1_0", True),
    ("2.3.10.00", "situation droit + form", True),
    ("2.4.06.00", "taille champs nom prenom", True),
]
NEWER_HISTORY = [*KNOWN_HISTORY, ("2.5.00.00", "Configuration", True)]
