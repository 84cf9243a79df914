# TattooBot: `make run` runs the bot on the embedded default; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The test suite runs against real PostgreSQL and Redis (override on the command line).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tattoobot
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_WORKERS ?= 2

.PHONY: run test lint docker-lint typecheck pytest browser locale chaos lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: $(BIN)/python requirements.txt constraints.txt
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt constraints.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(VENV)/.run-installed locale
	PORT=$(PORT) ./scripts/run-embedded

lint: $(VENV)/.dev-installed docker-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Dockerfile (hadolint; any finding fails) and docker-compose.yml (the
# compose-spec JSON schema vendored in check-jsonschema): no Docker needed.
docker-lint: $(VENV)/.dev-installed
	$(BIN)/hadolint --no-color --failure-threshold style Dockerfile
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy .

# The browser tests drive Debian's Chromium through its ChromeDriver; installed where missing.
BROWSER_PACKAGES := chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing $(BROWSER_PACKAGES)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get install -y --no-install-recommends $(BROWSER_PACKAGES) >/dev/null \
		|| { $(SUDO) apt-get update >/dev/null && $(SUDO) apt-get install -y --no-install-recommends $(BROWSER_PACKAGES) >/dev/null; }; \
	fi

# The customer-message catalogs (locale/<lang>/LC_MESSAGES/django.po) compiled to .mo, which are built,
# never committed; compilemessages needs GNU gettext's msgfmt, Debian's gettext installed where missing.
locale: $(VENV)/.run-installed
	@if ! command -v msgfmt >/dev/null; then \
		echo "installing gettext"; \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get install -y --no-install-recommends gettext >/dev/null \
		|| { $(SUDO) apt-get update >/dev/null && $(SUDO) apt-get install -y --no-install-recommends gettext >/dev/null; }; \
	fi
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --verbosity 0

pytest: $(VENV)/.dev-installed browser locale
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test: lint typecheck pytest

# Fault injection that is not safe beside other tests: it stops and restarts the
# machine's Redis and PostgreSQL, and waits out long backoffs. Run alone: make chaos
chaos: $(VENV)/.dev-installed
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest chaos -p no:xdist -s $(PYTEST_ARGS)

# Re-pin every package after changing requirements*.txt.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	( echo "# Every installed package, pinned (pip freeze of requirements-dev.txt). Regenerate: make lock"; \
	  $(BIN)/pip freeze --exclude-editable ) > constraints.txt

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
