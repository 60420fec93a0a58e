# The two commands of the README: `make run` (the batches with demo data) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test check lint format venv clean bench test-packages docs

venv: $(VENV)/.installed

## mysqlclient (the MySQL provider's driver) is built against Debian's MariaDB client library, and
## python-ldap (FAB's LDAP login, deploy/) against OpenLDAP's and SASL's.
$(VENV)/.installed: requirements.lock
	sh dev/debs.sh libmariadb-dev pkg-config gcc libldap2-dev libsasl2-dev
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

## Start PostgreSQL (embedded), load the demo data once, and run Airflow with the batches.
run: venv
	PYTHONPATH=plugins:. $(BIN)/python -m dev.launcher

## For the tests: Debian's MariaDB server (each test session starts its own, in a temporary folder,
## never as a service), Chromium for the browser test (Playwright drives /usr/bin/chromium) and
## Redis, the Celery broker of the distributed tests and of ECANDIDAT_EXECUTOR=celery make run, and
## OpenLDAP (slapd), the directory of BATCH_MAJ_GESTIONNAIRE's tests and of the FAB login's. The
## installation guide's test (tests/e2e/test_install.py) builds a virtualenv with Debian's python3 and
## the guide's build packages, as an admin would. LibreOffice (Writer without a GUI) and its Python
## module make BATCH_DESIST_AUTO's admission letters (a worker needs them too: deploy/install.sh);
## poppler's pdftotext reads the letters' text in the tests.
test-packages:
	sh dev/debs.sh mariadb-server chromium redis-server slapd \
		python3-venv python3-dev gcc pkg-config libmariadb-dev libldap2-dev libsasl2-dev curl \
		libreoffice-writer-nogui python3-uno poppler-utils

## The whole test suite (what CI runs): the linters and type checker, then pytest.
test: venv test-packages lint
	$(BIN)/pytest

## The edit loop's lane (under a minute, before each commit): ruff, mypy, the unit tests and the DAGs'
## integrity, on PostgreSQL only (the MariaDB side and the end-to-end tests are make test's).
check: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q -p no:cacheprovider -m "not mariadb" tests/unit tests/dags

## Each SQL file is linted in the dialects it runs in: x.postgresql.sql in PostgreSQL's, x.mariadb.sql
## in MariaDB's, a shared x.sql in both. The migrations are generated (dev/ecandidat_schema.py) and run
## by the tests on both servers.
SQL_FILES    = find include/sql bench/sql dev/sql -name '*.sql' ! -path 'dev/sql/migrations/*'
SQL_POSTGRES = $(shell $(SQL_FILES) ! -name '*.mariadb.sql' | sort)
SQL_MARIADB  = $(shell $(SQL_FILES) ! -name '*.postgresql.sql' | sort)

## ruff (with Airflow's AIR rules), mypy (strict on the package), sqlfluff (every SQL file, in its dialects).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/sqlfluff lint --dialect postgres --processes 2 $(SQL_POSTGRES)
	$(BIN)/sqlfluff lint --dialect mariadb --processes 2 $(SQL_MARIADB)

## The documentation site (docs/, mkdocs.yml) in strict mode, into site/: a broken link or anchor, a
## missing page or one left out of the nav fails. Its references are generated from the package.
## (NO_MKDOCS_2_WARNING silences Material's notice about its own end of life, in 2027.)
docs: venv
	PYTHONPATH=plugins NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	PYTHONPATH=plugins:. $(BIN)/python -m bench

## Remove the local data (embedded PostgreSQL and Airflow home) and the virtual environment.
clean:
	rm -rf .local $(VENV)
