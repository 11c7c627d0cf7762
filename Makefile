# The two commands a new user runs: `make run` and `make test`. Each builds .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast test-faults lint format bench schema clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Bina needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bina migrate
	$(BIN)/bina serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite but the long fault tests (tests/faults, several minutes: `make test-faults`).
test: lint
	$(BIN)/pytest -q --ignore=tests/faults

# The unit tests alone, in seconds: no lint, no PostgreSQL, no browser, nothing marked slow.
test-fast: $(STAMP)
	$(BIN)/pytest -q tests/unit -m "not slow and not browser and not postgres"

test-faults: $(STAMP)
	$(BIN)/pytest -q tests/faults

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench migrations
	$(BIN)/ruff format src tests bench migrations

# Every benchmark, peers included (the optional `bench` extra), into bench/results.md.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python bench/run_all.py

schema: $(STAMP)
	DATABASE_URL=postgresql://localhost/bina $(BIN)/bina migrate --sql > schema/postgres.sql

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
