# Each target bootstraps .venv on its own from the lock file, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test run bench lint clean container-test

# Every file checked against the lock's hashes, the build backend (setuptools) included: the
# project is built with --no-build-isolation, so pip fetches nothing unchecked.
$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python bench/import_cycles.py
	$(BIN)/hadolint --failure-threshold warning Dockerfile

test: lint
	$(BIN)/pytest

run: $(STAMP)
	$(BIN)/worksonarm-bot run

bench: $(STAMP)
	$(BIN)/python bench/run.py

container-test: $(STAMP)
	bash .ci/container-test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
