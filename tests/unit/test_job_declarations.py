"""Each job declares the SQL files it runs next to its code: the declarations are what the schema
pre-flight checks and what ``grants`` lists, so a file a module runs and no declaration names would
go unchecked. Each module that runs SQL files declares its own (``SQL``, or its job's ``sql``), and a
job declares those of the modules it calls."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import ecandidat_batches
from ecandidat_batches import settings
from ecandidat_batches.jobs import RESOURCES, Job
from ecandidat_batches.schedule.registry import BATCHES

PACKAGE = Path(ecandidat_batches.__file__).parent
_NAMED = re.compile(r'"([a-z_]+/[a-z_]+\.sql)"')


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages([str(PACKAGE)], "ecandidat_batches."))


def _declared(module: object) -> set[str]:
    found: set[str] = set(getattr(module, "SQL", ()))
    for value in vars(module).values():
        if isinstance(value, Job) and value.run.__module__ == module.__name__:  # type: ignore[attr-defined]
            found |= set(value.sql)
    return found


@pytest.mark.parametrize("name", _modules())
def test_every_sql_file_a_module_names_is_declared(name: str) -> None:
    module = importlib.import_module(name)
    named = set(_NAMED.findall(Path(module.__file__).read_text(encoding="utf-8")))  # type: ignore[arg-type]
    named -= {"schema/columns.sql"}  # the pre-flight's own query
    assert named <= _declared(module), f"{name} runs {sorted(named - _declared(module))} undeclared"


def test_declared_sql_files_exist() -> None:
    for code, batch in BATCHES.items():
        assert batch.job is not None, code
        for name in batch.job.sql:
            stem = settings.sql_dir() / name
            variants = [
                stem,
                stem.with_name(f"{stem.stem}.postgresql.sql"),
                stem.with_name(f"{stem.stem}.mariadb.sql"),
            ]
            assert any(v.exists() for v in variants), f"{code}: {name} does not exist"


def test_a_job_declares_the_sql_of_the_modules_it_calls() -> None:
    from ecandidat_batches.db import nodes, parametre
    from ecandidat_batches.jobs import archivage, confirmation, maintenance

    assert set(nodes.SQL) <= set(archivage.JOB.sql)
    assert set(nodes.SQL) <= set(maintenance.JOB.sql)
    assert set(parametre.SQL) <= set(confirmation.JOB.sql)


def test_an_unknown_resource_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="unknown resources"):
        Job(run=print, resources=("conn", "telepathy"))
    assert "conn" in RESOURCES
