# Nearshore Scorecard: the two commands are `make run` and `make test` (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the app and its tests need: Chromium (charts in PDFs, browser tests),
# fonts for WeasyPrint, poppler-utils (pdftoppm, to look at rendered reports), gettext
# (`make messages` and the catalogue test extract and compile translations with it).
DEBIAN_PACKAGES := chromium fonts-dejavu-core fonts-liberation2 poppler-utils gettext
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: messages run worker test test-postgres setup system-deps venv lint check audit lock bench bench-first-view reset-db clean help

help:
	@echo "make run            set everything up, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make worker         run background jobs (PDF reports) next to make run"
	@echo "make test           set everything up and run lint, checks, the whole suite, benchmark smoke"
	@echo "make test-postgres  the suite against DATABASE_URL (PostgreSQL)"
	@echo "make bench          every benchmark in full, the load test included (takes minutes)"
	@echo "make lock           re-resolve requirements/*.txt after changing pyproject.toml"
	@echo "make audit          pip-audit the locked dependencies"
	@echo "make reset-db       delete the local SQLite database (var/db.sqlite3)"
	@echo "make messages       add new strings to locale/es_MX/*.po, compile the .mo files"

setup: system-deps venv

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "Need root (or sudo) to install: $$missing" >&2; exit 1; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

# The locked versions (requirements/dev.txt, made by `make lock` from pyproject.toml's ranges),
# then the project itself without resolving anything again.
$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/dev.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

# Re-resolve the lock files after changing dependencies in pyproject.toml (commit both).
LOCK_FLAGS := --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: venv
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra s3 -o requirements/prod.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra s3 --extra dev -c requirements/prod.txt \
		-o requirements/dev.txt pyproject.toml

# Known vulnerabilities in the locked dependencies (pip-audit); see .ci/audit.py.
audit: venv
	$(BIN)/python .ci/audit.py requirements/dev.txt

run: setup
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py setup_demo
	@# The report worker runs beside the development server and stops with it.
	DEBUG=true $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Background jobs (PDF reports) run here, never in a web worker: start it next to `make run`.
worker: venv
	DEBUG=true $(BIN)/python manage.py db_worker

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: venv
	ALLOW_INSECURE_SECRET_KEY=true $(BIN)/python manage.py check --fail-level WARNING
	ALLOW_INSECURE_SECRET_KEY=true $(BIN)/python manage.py makemigrations --check --dry-run

test: setup lint check audit
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)
	$(BIN)/python -m bench.engine --quick
	$(BIN)/python -m bench.pages --quick
	$(BIN)/python -m bench.table --quick
	$(BIN)/python -m bench.stewardship --quick
	$(BIN)/python -m bench.import_locks --quick
	$(BIN)/python -m bench.reports --quick
	$(BIN)/python -m bench.loadtest --quick

test-postgres: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL=postgres://user@host:port/db" >&2; exit 1; }
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)
	$(BIN)/python -m bench.loadtest --quick --database-url "$$DATABASE_URL"

bench: venv
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.table
	$(BIN)/python -m bench.stewardship
	$(BIN)/python -m bench.import_locks
	$(BIN)/python -m bench.reports
	$(BIN)/python -m bench.loadtest
	$(MAKE) bench-first-view

# The first browser view of the ranking (bench/first_view.py) against a development server on a
# scratch demo database, stopped afterwards.
FIRST_VIEW_DB := var/bench-first-view.sqlite3
FIRST_VIEW_PORT ?= 8765
bench-first-view: venv
	rm -f $(FIRST_VIEW_DB)
	DEBUG=true SQLITE_PATH=$(FIRST_VIEW_DB) $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=true SQLITE_PATH=$(FIRST_VIEW_DB) $(BIN)/python manage.py setup_demo -v 0
	DEBUG=true SQLITE_PATH=$(FIRST_VIEW_DB) $(BIN)/python manage.py runserver --noreload \
		127.0.0.1:$(FIRST_VIEW_PORT) >/dev/null 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 60); do curl -fs -o /dev/null http://127.0.0.1:$(FIRST_VIEW_PORT)/accounts/login/ && break; sleep 1; done; \
	$(BIN)/python -m bench.first_view --url http://127.0.0.1:$(FIRST_VIEW_PORT) --runs 5
	rm -f $(FIRST_VIEW_DB)

# Translations: new marked strings join locale/es_MX/LC_MESSAGES/django.po (Python and
# templates) and djangojs.po (static/js) untranslated; translate them (docs/glossary-es-mx.md)
# and run it again to compile the .mo files (committed). tests/i18n/ says what is missing.
messages: setup
	ALLOW_INSECURE_SECRET_KEY=true $(BIN)/python manage.py update_messages

reset-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm

clean:
	rm -rf $(VENV) var/staticfiles
