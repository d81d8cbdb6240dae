# Developer entry points. Everything runs from the virtualenv in .venv, created on first use.
#   make dev    local stack (moto + API) on http://127.0.0.1:8000
#   make test   the test suite
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

.PHONY: help venv dev test lint bench reset clean runtimes

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

dev: $(STAMP)
	$(PY) -m devserver

# The code-generation proof runs snippets in curl, Go, Java, PHP, Ruby, C, Node...: install those runtimes first
# (idempotent; a second run takes a moment).
runtimes:
	bash .ci/install-runtimes.sh

test: $(STAMP) runtimes
	$(PY) -m pytest $(PYTEST_ARGS) $(TESTS)

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
	rm -rf .pytest_cache .mypy_cache .ruff_cache test-artifacts
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
