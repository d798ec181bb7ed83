# Two entry points (see README): `make run` and `make test`. Both set everything up first;
# running either again is fast and changes nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup browser lint bench

run: $(STAMP)
	$(PY) -m streamlit run app.py

test: $(STAMP) browser
	$(PY) -m ruff check .
	$(PY) -m pytest

setup: $(STAMP)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

browser:
	@bash scripts/ensure_browser.sh

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) bench/bench_analyze.py
