# Developer entry points. Everything runs from the virtualenv in .venv, created on first use.
#   make dev    local stack (moto + API + the web app) on http://127.0.0.1:8000
#   make test   every test: Python, web app unit tests, end-to-end in headless Chromium
#   make test-py / test-web / test-e2e   one part of it
#   make lint   ruff + mypy
#   make bench  every bench/*.py
#   make reset  forget local state (.playground/)
#   make clean  caches and build leftovers

SHELL := /bin/bash
.DEFAULT_GOAL := help

# python3.11 is what Lambda runs; fall back to python3 where only that exists.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install: pip runs again only when a requirements file is newer.
# -qq: errors only (the machine-wide pip config here prints a warning per package otherwise).
STAMP := $(VENV)/.requirements.stamp
REQUIREMENTS := requirements.txt requirements-dev.txt

# Local state of `make dev`; the devserver reads the same variable.
PLAYGROUND_STATE_DIR ?= .playground

# Test paths for pytest; frontend tests will be added here.
TESTS ?= tests
PYTEST_ARGS ?= -q

# The web app (frontend/): npm installs when package-lock.json changes; the build is what `make dev` serves.
WEB := frontend
NPM_STAMP := $(WEB)/node_modules/.install.stamp
# Debian's Chromium drives the browser tests (Playwright uses it; it downloads no browser of its own).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv dev test test-py test-web test-e2e web browser lint bench reset clean runtimes

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(REQUIREMENTS) | $(PY)
	$(PY) -m pip install -qq --disable-pip-version-check --no-input -r requirements-dev.txt
	@printf '#!/bin/sh\n# The playground command line (chalicelib/cli.py), for this checkout.\nPYTHONPATH="%s$${PYTHONPATH:+:$$PYTHONPATH}" exec "%s" -m chalicelib.cli "$$@"\n' \
		"$(CURDIR)" "$(CURDIR)/$(PY)" > $(VENV)/bin/playground && chmod +x $(VENV)/bin/playground
	@touch $@

venv: $(STAMP)

$(NPM_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: $(NPM_STAMP)
	cd $(WEB) && npx vite build --logLevel warn

browser:
	@command -v $(CHROMIUM) >/dev/null || { \
		echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

dev: $(STAMP) web
	$(PY) -m devserver

# The code-generation proof runs snippets in curl, Go, Java, PHP, Ruby, C, Node...: install those runtimes first
# (idempotent; a second run takes a moment).
runtimes:
	bash .ci/install-runtimes.sh

test: test-py test-web test-e2e

test-py: $(STAMP) runtimes
	$(PY) -m pytest $(PYTEST_ARGS) $(TESTS)

test-web: $(NPM_STAMP)
	cd $(WEB) && npx tsc -b && npx vitest run

test-e2e: $(STAMP) web browser
	cd $(WEB) && CHROMIUM_PATH=$(CHROMIUM) npx playwright test

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy chalicelib app.py devserver

bench: $(STAMP)
	@set -e; for f in $(sort $(wildcard bench/*.py)); do echo "== $$f"; $(PY) $$f; done

# Refuses while a devserver is running: it would write its snapshot back on exit.
reset:
	@info="$(PLAYGROUND_STATE_DIR)/devserver.json"; \
	if [ -f "$$info" ] && kill -0 "$$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$$info")" 2>/dev/null; then \
		echo "a devserver is running on $(PLAYGROUND_STATE_DIR) (see $$info); stop it first"; exit 1; \
	fi
	rm -rf "$(PLAYGROUND_STATE_DIR)"

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache test-artifacts $(WEB)/dist $(WEB)/test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
