# Fanzha — two commands do all set-up on a fresh machine:
#   make run    venv, install, embedded PostgreSQL, migrations, demo city when empty, serve :8000
#               (`make run PORT=8791` serves another port)
#   make test   dev dependencies, lint, import contracts, the whole suite (browser tests included)

PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench lint format clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/fanzha serve --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests bench migrations
	$(BIN)/ruff check --fix src tests bench migrations

# Stops nothing: the embedded server stops with the process that started it.
clean-db:
	rm -rf var/pgdata
