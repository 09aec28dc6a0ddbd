# One entry point for the common work. `make run` and `make test` do their own set-up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.PHONY: help setup run test test-embedded lint audit fmt check-migrations bench browser-deps pdf-deps messages clean

help:
	@echo "make run    - install, migrate, load the demo and start web, worker and beat"
	@echo "make test   - install, lint and run the whole test suite"
	@echo "make fmt    - format and auto-fix with ruff"
	@echo "make bench  - run the benchmarks in bench/ and print their numbers"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

browser-deps:
	bash scripts/ensure-browser.sh

pdf-deps:
	bash scripts/ensure-pdf-deps.sh

run: setup pdf-deps
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} WEB_PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

audit: setup
	bash scripts/audit.sh

check-migrations: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test: setup browser-deps pdf-deps lint check-migrations
	$(BIN)/pytest $(PYTEST_ARGS)

# The registration and API suites on SQLite with the embedded broker (what `make run`
# uses with nothing configured); tests that need PostgreSQL or Redis are left out, not skipped.
test-embedded: setup
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(BIN)/pytest -q -m "not postgres and not redis" \
	  tests/attendees tests/partners tests/sessions/api tests/forums/api tests/outbox tests/integration/test_embedded_mode.py

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

bench: setup
	bash bench/run.sh

clean:
	rm -rf var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
