# Two entry points (see README): `make run` and `make test`. Both set everything up first;
# running either again is fast and changes nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test setup browser lint bench

# The app needs only requirements.txt; the test tools are installed by `make test`.
run: $(APP_STAMP)
	$(PY) -m streamlit run app.py

test: $(TEST_STAMP) browser
	$(PY) -m ruff check .
	$(PY) -m pytest

setup: $(TEST_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(APP_STAMP)

$(TEST_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(APP_STAMP) $(TEST_STAMP)

browser:
	@bash scripts/ensure_browser.sh

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

bench: $(TEST_STAMP)
	$(PY) bench/bench_analyze.py
