# The README's two commands are `make demo` and `make test`; the rest are for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make bench BENCH_SCALE=0.05` for a quick run of the database benchmarks
BENCH_SCALE ?= 1.0

.PHONY: demo test install install-test lint format bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet --editable .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet --editable ".[test]"
	bash scripts/install-system-packages.sh
	npm ci --no-audit --no-fund --loglevel=error  # axe-core, injected by the browser tests

## Install, migrate, load the demo clinic and serve it (with the background worker) on
## http://127.0.0.1:8000/. Mail goes to the demo outbox (./data/outbox, the Outbox page)
## unless DRYNEEDLE_DEMO_OUTBOX=false names a real mail server with DRYNEEDLE_EMAIL_*.
demo: install
	$(BIN)/dryneedle migrate --noinput
	$(BIN)/dryneedle demo
	@echo
	@echo "dryneedle is running at http://$(HOST):$(PORT)/ — sign in as demo@clinic.test (Ctrl+C stops it)"
	@echo "Mail is not sent: read it at http://$(HOST):$(PORT)/outbox/"
	@echo
	DRYNEEDLE_DEMO_OUTBOX=$${DRYNEEDLE_DEMO_OUTBOX:-true} \
	DRYNEEDLE_PUBLIC_BASE_URL=$${DRYNEEDLE_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} \
	bash scripts/serve.sh $(BIN) $(HOST) $(PORT)

## Install what the tests need and run lint + the whole suite on SQLite and PostgreSQL
test: install-test
	bash scripts/test.sh

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format:
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Run every benchmark (see benchmarks/README.md)
bench: install-test
	$(BIN)/pip install --quiet --editable ".[bench]"
	$(BIN)/python benchmarks/ranking.py
	$(BIN)/python benchmarks/pages.py
	bash scripts/with-postgres.sh $(BIN)/python benchmarks/pages.py
	bash scripts/with-postgres.sh $(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/analytics.py --scale $(BENCH_SCALE)
	$(BIN)/python benchmarks/fhir_export.py --scale $(BENCH_SCALE)
	$(BIN)/python benchmarks/csv_import.py --scale $(BENCH_SCALE)
