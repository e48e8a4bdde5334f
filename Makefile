# Two commands on a fresh machine: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 2
WEB_THREADS ?= 8
# The demo data's size (1: about 20,000 marathon entries; `make run DEMO_SCALE=0.01` starts in seconds).
DEMO_SCALE ?= 1
# `make run` is for local use: new developer applications are approved at once
# (AUTO_APPROVE_APPLICATIONS=0 make run to try the staff approval instead).
run serve: export AUTO_APPROVE_APPLICATIONS ?= 1

.PHONY: run serve test test-sqlite test-postgres bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "    pip install -e . (about half a minute the first time)"
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Browser tests (tests/browser): Debian's Chromium driven by Playwright (no browser
# download), and axe-core for the accessibility check, kept beside the tests, never served.
AXE_CORE_VERSION := 4.14.1
$(VENV)/.browser-installed: Makefile | $(BIN)/python
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	npm install --silent --no-save --no-package-lock --prefix tests/browser axe-core@$(AXE_CORE_VERSION)
	touch $@

# The OpenAPI document's Postman check (tests/test_openapi_tools.py): the converter from npm,
# kept beside the tests like axe-core, never shipped.
OPENAPI_TO_POSTMAN_VERSION := 6.3.3
$(VENV)/.openapi-tools-installed: Makefile | $(BIN)/python
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	npm install --silent --no-save --no-package-lock --prefix tests/tools openapi-to-postmanv2@$(OPENAPI_TO_POSTMAN_VERSION)
	touch $@

# The bench's comparison with Swagger UI (bench/console_click.py): swagger-ui-dist from npm,
# kept beside the bench, never shipped or served by the product.
SWAGGER_UI_VERSION := 5.35.0
$(VENV)/.bench-installed: Makefile | $(BIN)/python
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	npm install --silent --no-save --no-package-lock --prefix bench swagger-ui-dist@$(SWAGGER_UI_VERSION)
	touch $@

# Each stage says what it does first, so that a log (or a pipe) shows where a start is.
run:
	@echo "==> Installing the Python packages into $(VENV) (only when pyproject.toml has changed)"
	@$(MAKE) --no-print-directory --silent $(VENV)/.installed
	@$(BIN)/python manage.py prepare_run --scale $(DEMO_SCALE)
	@echo "==> Collecting static files (only when ctlive/static/ or the packages have changed)"
	@$(MAKE) --no-print-directory --silent $(STATIC_MANIFEST)
	@echo "==> Starting the server and the job worker on $(HOST):$(PORT)"
	@$(MAKE) --no-print-directory serve

STATIC_MANIFEST := staticfiles/staticfiles.json
# The manifest collectstatic writes last: newer than every static source, nothing to collect.
$(STATIC_MANIFEST): $(shell find ctlive/static -type f) $(VENV)/.installed
	$(BIN)/python manage.py collectstatic --noinput -v0

# The job worker (202 bulk writes) runs beside the web server and stops with it.
serve:
	@$(BIN)/python manage.py job_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn ctlive.wsgi --config python:ctlive.gunicorn_conf --bind $(HOST):$(PORT) \
		--workers $(WEB_WORKERS) --threads $(WEB_THREADS) \
		--access-logfile - --access-logformat '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'

test: test-sqlite

# The suite runs on both cores (pytest-xdist). Tests are handed to the workers in collection
# order, so each worker runs its transactional tests (which empty the seeded tables) after
# all its others, as a serial run does; `--dist loadfile` would break that.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

# ruff (configured in pyproject.toml) checks the code before the suite runs.
test-sqlite: $(VENV)/.test-installed $(VENV)/.browser-installed $(VENV)/.openapi-tools-installed
	$(BIN)/ruff check .
	$(PYTEST)

test-postgres: $(VENV)/.test-installed $(VENV)/.browser-installed $(VENV)/.openapi-tools-installed
	scripts/with-postgres.sh $(PYTEST)

# The read bench serves SQLite and a throwaway PostgreSQL side by side (PG_PORT picks its port),
# then SQLite alone again at BENCH_LARGE_SCALE (5: 100,000 entries).
PG_PORT ?= 54339
BENCH_LARGE_SCALE ?= 5
bench: $(VENV)/.test-installed $(VENV)/.browser-installed $(VENV)/.bench-installed
	PG_PORT=$(PG_PORT) scripts/with-postgres.sh $(BIN)/python -m bench
	BENCH_SCALE=$(BENCH_LARGE_SCALE) $(BIN)/python -m bench
	$(BIN)/python -m bench.writes
	PG_PORT=$(PG_PORT) scripts/with-postgres.sh $(BIN)/python -m bench.writes

# Refreshes the Spanish catalogue from the marked strings and compiles it; the compiled
# .mo is committed, so only this target needs Debian's gettext.
messages: $(VENV)/.installed
	command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .cache db.sqlite3* db-testing.sqlite3* test-db.sqlite3* test-db-testing.sqlite3* test-artifacts
