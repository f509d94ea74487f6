# Bondgenoot — the two commands: `make run` and `make test`. `make help` lists everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PO_FILES := $(wildcard crm/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
# The suite runs in parallel processes (pytest-xdist), each with databases of its own; TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench translations messages clean

help: ## Show the available commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel -q compile -i $< -o $@ -l $(word 3,$(subst /, ,$<))

translations: $(MO_FILES) ## Compile the translation catalogues (.po -> .mo)

run: $(VENV)/.runtime translations ## Set up (venv, migrations, demo data when empty); serve on HOST:PORT with a worker
	$(FLASK) db upgrade
	$(FLASK) crm seed-demo --if-empty
	@echo "Bondgenoot runs at http://$(HOST):$(PORT)/ with a task worker  (Ctrl+C stops both)"
	HOST=$(HOST) $(BIN)/honcho start --procfile Procfile --port $(PORT)

test: $(VENV)/.dev translations ## Run the whole suite on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set
	env -u TEST_DATABASE_URL $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== The whole suite again on PostgreSQL ($${TEST_DATABASE_URL%%@*}@…) =="; \
		$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL run was skipped."; \
	fi

lint: $(VENV)/.dev ## Lint, check formatting (ruff) and the import contracts (import-linter, pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports

format: $(VENV)/.dev ## Fix lint where safe and format the code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.dev translations ## Run the benchmarks; prints JSON and writes bench/results.json
	$(BIN)/python -m bench.run

messages: $(VENV)/.dev ## Extract translatable strings and update the catalogues
	PYTHONPATH=$(CURDIR) $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --ignore-dirs ".* .venv" \
		--project Bondgenoot --width 120 -o crm/translations/messages.pot .
	$(BIN)/pybabel update -i crm/translations/messages.pot -d crm/translations --no-fuzzy-matching --ignore-obsolete --width 120

clean: ## Remove the venv, caches and compiled catalogues (keeps instance/ with your data)
	rm -rf $(VENV) .pytest_cache .ruff_cache $(MO_FILES)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
