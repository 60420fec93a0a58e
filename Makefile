# The two commands of the README: `make run` (the batches with demo data) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint format venv clean bench chromium

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

## Start PostgreSQL (embedded), load the demo data once, and run Airflow with the batches.
run: venv
	PYTHONPATH=plugins:. $(BIN)/python -m dev.launcher

## Debian's Chromium for the browser test (Playwright drives /usr/bin/chromium; nothing is downloaded).
chromium:
	@command -v chromium >/dev/null || { \
	    SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## The whole test suite (what CI runs): the linters and type checker, then pytest.
test: venv chromium lint
	$(BIN)/pytest

## ruff (with Airflow's AIR rules), mypy (strict on the package), sqlfluff (include/sql).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/sqlfluff lint include/sql --processes 2

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	PYTHONPATH=plugins:. $(BIN)/python -m bench

## Remove the local data (embedded PostgreSQL and Airflow home) and the virtual environment.
clean:
	rm -rf .local $(VENV)
